import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAuthServer, startDevMail, startResourceApi } from '../../src/dev/services.js';
import type { RunningService } from '../../src/dev/services.js';
import { startDemoApp } from '../../src/server.js';

/** Asks the OS for a free port, so every URL is known before the seed registers the clients. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Stack {
  auth: string;
  api: string;
  appA: string;
  appB: string;
  /** The auth server's SQLite file, for `pnpm admin` against the running stack. */
  authDb: string;
  /** The development inbox page (every mail the auth server sent). */
  inbox: string;
  /** Resolves once the catcher holds `count` mails (delivery is asynchronous: the outbox poller). */
  waitForMails(count: number): Promise<unknown>;
  /** Moves App A's clock (token expiry, refresh) without sleeping. */
  skewAppA(ms: number): void;
  close(): Promise<void>;
}

/**
 * The real auth server, resource API and both apps, in this process, on fresh SQLite files. Every
 * URL must be known before the seed registers the clients, so ports are picked first; should another
 * process take one in between (EADDRINUSE), the whole stack starts again on new ports.
 */
export async function startStack(authEnv: Record<string, string> = {}): Promise<Stack> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startStackOnce(authEnv);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 5) throw err;
    }
  }
}

async function startStackOnce(authEnv: Record<string, string>): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'sso-e2e-'));
  const [pAuth, pApi, pA, pB, pInbox] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const auth = `http://auth.localhost:${pAuth}`;
  const api = `http://api.localhost:${pApi}`;
  const appA = `http://app-a.localhost:${pA}`;
  const appB = `http://app-b.localhost:${pB}`;
  // Quiet unless asked: the servers' JSON logs would bury the test report.
  const logLevel = process.env.E2E_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'silent';
  const running: RunningService[] = [];
  let skew = 0;
  let waitForMails: Stack['waitForMails'] = () => Promise.reject(new Error('no mail catcher'));

  const close = async () => {
    await Promise.allSettled(running.reverse().map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const mail = await startDevMail({ smtpPort: 0, inboxPort: pInbox });
    running.push(mail);
    waitForMails = (count) => mail.waitForCount(count, 15_000);
    running.push(
      await startAuthServer({
        NODE_ENV: 'test',
        PORT: String(pAuth),
        ISSUER: auth,
        SQLITE_PATH: join(dir, 'auth.db'),
        SEED_DEMO: 'true',
        DEMO_APP_A_URL: appA,
        DEMO_APP_B_URL: appB,
        RESOURCE_AUDIENCE: api,
        LOG_LEVEL: logLevel,
        SMTP_URL: mail.smtpUrl,
        OUTBOX_POLL_MS: '200',
        ...authEnv,
      }),
    );
    running.push(
      await startResourceApi({
        NODE_ENV: 'test',
        PORT: String(pApi),
        ISSUER: auth,
        AUDIENCE: api,
        CORS_ORIGINS: `${appA},${appB}`,
        NOTES_DB: join(dir, 'notes.db'),
        LOG_LEVEL: logLevel,
      }),
    );
    const common = { NODE_ENV: 'test', ISSUER: auth, API_URL: api, LOG_LEVEL: logLevel };
    running.push(
      await startDemoApp(
        { ...common, APP_NAME: 'App A', APP_THEME: 'blue', PORT: String(pA), BASE_URL: appA, CLIENT_ID: 'demo-app-a', CLIENT_SECRET: 'dev-secret-app-a', PEER_APP_NAME: 'App B', PEER_APP_URL: appB },
        { clock: { now: () => Date.now() + skew } },
      ),
    );
    running.push(
      await startDemoApp({ ...common, APP_NAME: 'App B', APP_THEME: 'green', PORT: String(pB), BASE_URL: appB, CLIENT_ID: 'demo-app-b', CLIENT_SECRET: 'dev-secret-app-b', PEER_APP_NAME: 'App A', PEER_APP_URL: appA }),
    );
  } catch (err) {
    await close();
    throw err;
  }

  return { auth, api, appA, appB, authDb: join(dir, 'auth.db'), inbox: `http://mail.localhost:${pInbox}`, waitForMails: (n) => waitForMails(n), skewAppA: (ms) => (skew = ms), close };
}
