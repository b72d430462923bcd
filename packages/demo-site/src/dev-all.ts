/**
 * `pnpm dev`: the auth server (with the demo clients and accounts seeded), the resource API and both
 * demo apps in one process on the default topology, then the URLs to open and the accounts to use.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAuthServer, startDevMail, startResourceApi } from './dev/services.js';
import type { RunningService } from './dev/services.js';
import { startDemoApp } from './server.js';

const env = process.env;
const dataDir = env.DEMO_DATA_DIR ?? fileURLToPath(new URL('../../../data', import.meta.url));
mkdirSync(dataDir, { recursive: true });

const logLevel = env.LOG_LEVEL ?? 'warn';
const issuer = 'http://auth.localhost:4000';
const apiUrl = 'http://api.localhost:4001';
const appA = 'http://app-a.localhost:4002';
const appB = 'http://app-b.localhost:4003';
const mailInbox = 'http://mail.localhost:4004';
const secretA = env.DEMO_APP_A_SECRET ?? 'dev-secret-app-a';
const secretB = env.DEMO_APP_B_SECRET ?? 'dev-secret-app-b';

const running: RunningService[] = [];
async function stopAll(code: number): Promise<never> {
  await Promise.allSettled(running.reverse().map((s) => s.close()));
  process.exit(code);
}

try {
  // Mail goes to the local catcher (inbox at mail.localhost:4004) unless SMTP_URL names a real server.
  let smtpUrl = env.SMTP_URL;
  if (!smtpUrl) {
    const mail = await startDevMail({ smtpPort: Number(env.DEV_SMTP_PORT ?? 4025), inboxPort: 4004 });
    running.push(mail);
    smtpUrl = mail.smtpUrl;
  }
  running.push(
    await startAuthServer({
      NODE_ENV: 'development',
      PORT: '4000',
      ISSUER: issuer,
      SQLITE_PATH: join(dataDir, 'auth.db'),
      // The embedded default is SQLite; `DATABASE_URL=postgres://… REDIS_URL=redis://… pnpm dev` runs on those.
      DATABASE_URL: env.DATABASE_URL,
      REDIS_URL: env.REDIS_URL,
      SEED_DEMO: 'true',
      DEMO_APP_A_URL: appA,
      DEMO_APP_B_URL: appB,
      DEMO_APP_A_SECRET: secretA,
      DEMO_APP_B_SECRET: secretB,
      LOG_LEVEL: logLevel,
      SMTP_URL: smtpUrl,
      MAIL_FROM: env.MAIL_FROM,
      REQUIRE_VERIFIED_EMAIL: env.REQUIRE_VERIFIED_EMAIL,
    }),
  );
  running.push(
    await startResourceApi({
      NODE_ENV: 'development',
      PORT: '4001',
      ISSUER: issuer,
      AUDIENCE: apiUrl,
      CORS_ORIGINS: `${appA},${appB}`,
      NOTES_DB: join(dataDir, 'notes.db'),
      LOG_LEVEL: logLevel,
    }),
  );
  const common = { NODE_ENV: 'development', ISSUER: issuer, API_URL: apiUrl, LOG_LEVEL: logLevel };
  running.push(
    await startDemoApp({
      ...common,
      APP_NAME: 'App A',
      APP_THEME: 'blue',
      PORT: '4002',
      BASE_URL: appA,
      CLIENT_ID: 'demo-app-a',
      CLIENT_SECRET: secretA,
      PEER_APP_NAME: 'App B',
      PEER_APP_URL: appB,
    }),
  );
  running.push(
    await startDemoApp({
      ...common,
      APP_NAME: 'App B',
      APP_THEME: 'green',
      PORT: '4003',
      BASE_URL: appB,
      CLIENT_ID: 'demo-app-b',
      CLIENT_SECRET: secretB,
      PEER_APP_NAME: 'App A',
      PEER_APP_URL: appA,
    }),
  );
} catch (err) {
  console.error('could not start the demo:', err instanceof Error ? err.message : err);
  await stopAll(1);
}

process.stdout.write(`
  Single sign-on demo is running (data in ${dataDir})

    App A         ${appA}
    App B         ${appB}
    Auth server   ${issuer}
    Resource API  ${apiUrl}
    Dev inbox     ${env.SMTP_URL ? '(off: mail goes to SMTP_URL)' : `${mailInbox}  (every mail the auth server sends)`}

  Demo accounts:  demo / sunny-meadow-2026   (user)
                  admin / granite-tower-2026 (admin)

  Open App A, sign in (or sign up), then open App B: no password needed.
  Log out of either and both are signed out. Ctrl+C stops everything.

`);

process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));
