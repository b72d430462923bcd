import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createAccessTokenVerifier, createExpressServer, loopbackFetch } from '@sso/shared';
import { createApp } from './app.js';
import { systemClock } from './clock.js';
import { loadConfig } from './config.js';
import type { Env } from './config.js';
import { createLogger } from './logger.js';
import { openNotesDatabase } from './notes/notes-database.js';
import { createNotesStore } from './notes/notes-store.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Loads config, opens the notes database, listens. PORT=0 picks a free port. */
export async function startServer(env: Env = process.env): Promise<RunningServer> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  if (config.defaultsInUse.length > 0) logger.warn({ defaults: config.defaultsInUse }, 'using development defaults');
  if (config.databaseUrl) logger.warn('DATABASE_URL is ignored: notes are stored in the NOTES_DB SQLite file');

  const db = await openNotesDatabase(config.notesDb);
  const verifier = createAccessTokenVerifier({
    issuer: config.issuer,
    audience: config.audience,
    jwksUri: config.jwksUri,
    fetch: loopbackFetch, // RFC 6761 §6.3: *.localhost is loopback, which Node's resolver does not know
    clockToleranceSec: config.clockToleranceSec,
    cacheMax: config.tokenCacheMax,
    onJwksError: (error) => logger.warn({ err: error, jwksUri: config.jwksUri }, 'JWKS fetch failed'),
  });
  const app = createApp(config, { verifier, notes: createNotesStore(db, systemClock), logger });

  // Requests arrive with Express's prototypes already set (shared/src/express-server.ts).
  const server = createExpressServer(app).listen(config.port, config.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url, issuer: config.issuer, audience: config.audience }, 'resource-api listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const closed = once(server, 'close');
      server.close();
      server.closeIdleConnections();
      await closed;
      await db.destroy();
    })());
  return { url, port, close };
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  const running = await startServer().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
  // A repeated signal while draining is ignored rather than left to Node's default (immediate exit).
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      const timer = setTimeout(() => process.exit(1), 10_000).unref();
      void running.close().then(() => {
        clearTimeout(timer);
        process.exit(0);
      });
    });
  }
}
