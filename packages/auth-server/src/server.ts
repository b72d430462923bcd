import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createExpressServer, loopbackFetch } from '@sso/shared';
import { createApp } from './app.js';
import { ensureAdminRegistration } from './admin/register-admin.js';
import { systemClock, type Clock } from './clock.js';
import { seedDemo } from './cli/seed.js';
import { ConfigError, loadConfig, type Env } from './config/config.js';
import type { Deps } from './deps.js';
import { createKeyStore } from './keys/db-key-store.js';
import { createLogger, type Logger } from './logger.js';
import { activityFlusher, startActivityFlush } from './observability/activity-counts.js';
import { createMetrics } from './observability/metrics.js';
import { createAppOutbox } from './outbox/handlers.js';
import { startHousekeeping } from './store/housekeeping.js';
import { openStore } from './store/index.js';

export interface RunningServer {
  url: string;
  port: number;
  deps: Deps;
  server: Server;
  close: () => Promise<void>;
}

/** Loads config from `env`, opens the store, listens. The only place that starts the auth server. */
export async function startServer(env: Env, opts: { clock?: Clock; logger?: Logger } = {}): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = opts.logger ?? createLogger(config.logLevel);
  const clock = opts.clock ?? systemClock;
  for (const name of config.unsafeDefaults) logger.warn(`unsafe development setting in use: ${name}`);

  const store = await openStore({
    databaseUrl: config.databaseUrl,
    sqlitePath: config.sqlitePath,
    // Meanwhile changes made on other instances apply here when the cached copies expire, and back.
    onChangeFeedError: (err) => logger.warn({ err }, 'change feed error: cached clients, APIs and keys fall back on their lifetimes'),
  });
  // Imported only when configured: a single instance on SQLite never loads the Redis client.
  const redis = config.redisUrl
    ? await (await import('./security/rate-limit-store.js')).connectRateLimitStore(config.redisUrl, logger)
    : undefined;
  const keys = createKeyStore({ store, clock, config });
  await keys.current(); // first start: generate and persist the first signing key
  await ensureAdminRegistration({ store, clock, config, logger });
  if (config.demo.seed) await seedDemo({ store, clock, config, logger });

  const deps: Deps = {
    config,
    store,
    keys,
    clock,
    logger,
    metrics: createMetrics({ defaultMetrics: true }),
    fetch: loopbackFetch,
    rateLimitStore: redis?.storeFor,
    // nodemailer is loaded only when SMTP is configured, like the Redis client above.
    mailer: config.mail.smtpUrl ? (await import('./mail/mailer.js')).createSmtpMailer(config.mail.smtpUrl, config.mail.from) : undefined,
  };
  if (!deps.mailer) logger.warn('SMTP_URL is not set: mails wait in the outbox until it is');
  // Every instance polls the shared outbox; claims keep two from sending the same item.
  deps.outbox = createAppOutbox(deps);
  deps.outbox.start(config.outboxPollMs);
  const app = createApp(deps);
  // Requests arrive with Express's prototypes already set (shared/src/express-server.ts).
  const server = createExpressServer(app).listen(config.port, config.host);
  await once(server, 'listening');
  server.keepAliveTimeout = 5_000;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  logger.info({ url, issuer: config.issuer, store: store.engine, redis: Boolean(redis) }, 'auth-server listening');

  const stopHousekeeping = startHousekeeping({ store, clock, config, logger });
  const stopActivityFlush = startActivityFlush(activityFlusher(deps));

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      stopHousekeeping();
      // Stop accepting, let in-flight requests finish, then drop idle keep-alive sockets.
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      await done;
      clearTimeout(force);
      await stopActivityFlush();
      await deps.outbox?.stop();
      await redis?.close();
      deps.mailer?.close();
      await store.close();
      logger.info('auth-server stopped');
    })());
  return { url, port, deps, server, close };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  startServer(process.env)
    .then(({ close, deps }) => {
      const stop = (signal: string) => {
        deps.logger.info({ signal }, 'shutting down');
        close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      // `on`, not `once`: a second signal while draining must not fall through to Node's default
      // (immediate exit, dropping the requests in flight); close() is idempotent.
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    })
    .catch((err: unknown) => {
      console.error(err instanceof ConfigError ? err.message : err);
      process.exit(1);
    });
}
