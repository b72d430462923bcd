import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CapturedMail } from '@sso/auth-server/mail-catcher';
import { startAuthServer, startDemoApp, startDevMail, startResourceApi, type Env, type RunningService } from './services.js';
import { DEFAULT_PORTS, devUrls, ephemeralPorts, type DevPorts, type DevStackUrls } from './topology.js';

export interface DevStackOptions {
  /** `default`: 4000–4004 (SMTP 4025); `ephemeral`: free ports from the OS, for tests. */
  ports?: 'default' | 'ephemeral' | DevPorts;
  /** Holds auth.db and notes.db. Unset: a fresh temporary folder that stop() removes. */
  dataDir?: string;
  nodeEnv?: 'development' | 'test';
  /** Every server's log level (`silent` keeps a test report readable). */
  logLevel?: string;
  /** Auth-server settings over the stack's own (DATABASE_URL, REDIS_URL, MAIL_FROM, …); unset values are ignored. */
  authEnv?: Env;
  /** A real SMTP server. Unset: the dev mail catcher and its inbox page. */
  smtpUrl?: string | undefined;
  clientSecrets?: { appA: string; appB: string };
  /** App A's clock, so a test moves token expiry without sleeping. */
  appAClock?: { now(): number };
  /** Aborted during start-up: what already started is stopped and the promise rejects. */
  signal?: AbortSignal;
}

export interface DevStack {
  urls: DevStackUrls;
  /** Holds auth.db and notes.db (the temporary folder stop() removes, unless `dataDir` was given). */
  dataDir: string;
  /** The auth server's SQLite file (unused when authEnv has DATABASE_URL). */
  authDb: string;
  notesDb: string;
  /** Resolves once the catcher holds `count` mails (delivery is asynchronous: the outbox poller). */
  waitForMails(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
  /** Stops every service, last started first; idempotent. */
  stop(): Promise<void>;
}

const defined = (env: Env): Env => Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));

/**
 * The auth server (demo clients and accounts seeded), the resource API, App A, App B and the dev
 * mail catcher, in this process. Every URL must be known before the seed registers the clients,
 * so ephemeral ports are picked first; should another process take one in between (EADDRINUSE),
 * the whole stack starts again on new ports.
 */
export async function startDevStack(options: DevStackOptions = {}): Promise<DevStack> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (err) {
      if (options.ports !== 'ephemeral' || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 5) throw err;
    }
  }
}

async function startOnce(options: DevStackOptions): Promise<DevStack> {
  const ports = options.ports === 'ephemeral' ? await ephemeralPorts() : options.ports === 'default' || !options.ports ? DEFAULT_PORTS : options.ports;
  const urls = devUrls(ports);
  const tempDir = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'sso-dev-stack-'));
  const dataDir = options.dataDir ?? tempDir!;
  const authDb = join(dataDir, 'auth.db');
  const notesDb = join(dataDir, 'notes.db');
  const secrets = options.clientSecrets ?? { appA: 'dev-secret-app-a', appB: 'dev-secret-app-b' };
  const common = { NODE_ENV: options.nodeEnv ?? 'development', ISSUER: urls.auth, LOG_LEVEL: options.logLevel ?? 'warn' };

  const running: RunningService[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= Promise.allSettled([...running].reverse().map((s) => s.close())).then(() => {
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    }));
  const add = async <T extends RunningService>(started: Promise<T>): Promise<T> => {
    const service = await started;
    running.push(service);
    options.signal?.throwIfAborted();
    return service;
  };

  let waitForMails: DevStack['waitForMails'] = () => Promise.reject(new Error('mail goes to a real SMTP server: no dev inbox'));
  try {
    options.signal?.throwIfAborted();
    let smtpUrl = options.smtpUrl;
    if (!smtpUrl) {
      const mail = await add(startDevMail({ smtpPort: ports.smtp, inboxPort: ports.inbox }));
      smtpUrl = mail.smtpUrl;
      waitForMails = (count, timeoutMs = 15_000) => mail.waitForCount(count, timeoutMs);
    }
    await add(
      startAuthServer({
        ...common,
        PORT: String(ports.auth),
        SQLITE_PATH: authDb,
        SEED_DEMO: 'true',
        DEMO_APP_A_URL: urls.appA,
        DEMO_APP_B_URL: urls.appB,
        DEMO_APP_A_SECRET: secrets.appA,
        DEMO_APP_B_SECRET: secrets.appB,
        RESOURCE_AUDIENCE: urls.api,
        SMTP_URL: smtpUrl,
        ...defined(options.authEnv ?? {}),
      }),
    );
    await add(startResourceApi({ ...common, PORT: String(ports.api), AUDIENCE: urls.api, CORS_ORIGINS: `${urls.appA},${urls.appB}`, NOTES_DB: notesDb }));
    const app = { ...common, API_URL: urls.api };
    await add(
      startDemoApp(
        { ...app, APP_NAME: 'App A', APP_THEME: 'blue', PORT: String(ports.appA), BASE_URL: urls.appA, CLIENT_ID: 'demo-app-a', CLIENT_SECRET: secrets.appA, PEER_APP_NAME: 'App B', PEER_APP_URL: urls.appB },
        options.appAClock,
      ),
    );
    await add(
      startDemoApp({ ...app, APP_NAME: 'App B', APP_THEME: 'green', PORT: String(ports.appB), BASE_URL: urls.appB, CLIENT_ID: 'demo-app-b', CLIENT_SECRET: secrets.appB, PEER_APP_NAME: 'App A', PEER_APP_URL: urls.appA }),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { urls, dataDir, authDb, notesDb, waitForMails: (count, timeoutMs) => waitForMails(count, timeoutMs), stop };
}
