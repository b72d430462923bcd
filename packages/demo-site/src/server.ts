import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { createDeferredExpressServer, loopbackFetch } from '@sso/shared';
import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { loadConfig } from './config.js';
import type { AppDeps } from './deps.js';
import { discoveredOidcClient } from './oidc/oidc-client.js';
import { SessionStore } from './session/session-store.js';

export interface RunningApp {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Loads the configuration, listens and returns a handle to stop. With PORT=0 and no BASE_URL the
 * port is chosen first, so the redirect URIs name the real one.
 */
export async function startDemoApp(
  env: Record<string, string | undefined>,
  overrides: Partial<AppDeps> = {},
): Promise<RunningApp> {
  // Listens before the app exists (its redirect URIs name the port); requests arrive with Express's
  // prototypes already set once it does (shared/src/express-server.ts).
  const { server, serve } = createDeferredExpressServer();
  const requested = loadConfig(env, () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(requested.port, requested.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const config = loadConfig({ ...env, PORT: String(port) });

  const logger = overrides.logger ?? pino({ level: config.logLevel, base: { app: config.appName } });
  const clock = overrides.clock ?? systemClock;
  const sessions = overrides.sessions ?? new SessionStore(config.sessionTtlSeconds, clock);
  const deps: AppDeps = {
    oidc: overrides.oidc ?? discoveredOidcClient(config),
    sessions,
    clock,
    logger,
    fetch: overrides.fetch ?? loopbackFetch,
  };
  serve(createApp(config, deps));
  const sweeper = setInterval(() => sessions.sweep(), 60_000);
  sweeper.unref();
  logger.info({ url: config.baseUrl, port }, `${config.appName} listening`);

  return {
    url: config.baseUrl,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(sweeper);
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const app = await startDemoApp(process.env);
  // A repeated signal while draining is ignored rather than left to Node's default (immediate exit).
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
