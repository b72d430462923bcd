import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createAccessTokenVerifier } from '@sso/shared';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { openNotesDatabase } from '../src/notes/notes-database.js';
import { createNotesStore } from '../src/notes/notes-store.js';

/** The app under test, in its own process so the load generator does not share its event loop or core. */
const jwksUri = process.env.BENCH_JWKS_URI!;
const cacheMax = Number(process.env.BENCH_CACHE_MAX);
const config = loadConfig({ NODE_ENV: 'test', JWKS_URI: jwksUri, LOG_LEVEL: 'silent' });
const db = await openNotesDatabase(':memory:');
const verifier = createAccessTokenVerifier({ issuer: config.issuer, audience: config.audience, jwksUri: config.jwksUri, cacheMax });
const server = createApp(config, { verifier, notes: createNotesStore(db, Date.now), logger: silentLogger }).listen(0, '127.0.0.1');
await once(server, 'listening');
process.send!({ port: (server.address() as AddressInfo).port });
process.once('message', () => {
  server.close();
  server.closeAllConnections();
  void db.destroy().then(() => process.disconnect());
});
