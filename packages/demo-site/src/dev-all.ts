/**
 * `pnpm dev`: the auth server (with the demo clients and accounts seeded), the resource API and both
 * demo apps in one process on the default topology, then the URLs to open and the accounts to use.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { devBanner } from './dev/banner.js';
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
let stopping: Promise<never> | undefined;
/** Once: Ctrl+C reaches this process twice (from the terminal and relayed by tsx). */
function stopAll(code: number): Promise<never> {
  stopping ??= Promise.allSettled(running.reverse().map((s) => s.close())).then(() => process.exit(code));
  return stopping;
}
// Before anything starts, so Ctrl+C during start-up also stops cleanly (exit 0, no "Command failed").
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stopAll(0));

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

process.stdout.write(
  devBanner({
    urls: { appA, appB, issuer, api: apiUrl, inbox: mailInbox },
    databaseUrl: env.DATABASE_URL,
    sqlitePath: join(dataDir, 'auth.db'),
    redisUrl: env.REDIS_URL,
    notesDb: join(dataDir, 'notes.db'),
    realSmtp: Boolean(env.SMTP_URL),
  }),
);
