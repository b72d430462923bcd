import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { ensureAdminRegistration } from '../../src/admin/register-admin.js';
import { createApp } from '../../src/app.js';
import { manualClock } from '../../src/clock.js';
import { loadConfig, type Config, type Env } from '../../src/config/config.js';
import type { Deps } from '../../src/deps.js';
import { createKeyStore } from '../../src/keys/db-key-store.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { openStore, type Store } from '../../src/store/index.js';

export interface TestContext {
  app: Express;
  deps: Deps;
  config: Config;
  store: Store;
  clock: ReturnType<typeof manualClock>;
  /** Set with `listen: true`: the base URL, which is also the issuer. */
  url: string;
  close(): Promise<void>;
}

/**
 * A fresh auth-server app on its own temporary SQLite file (or `DATABASE_URL` from env), with a
 * hand-driven clock and a silent logger. Call close() in afterAll/afterEach.
 */
export async function createTestContext(
  env: Env = {},
  opts: {
    fetch?: typeof fetch;
    listen?: boolean;
    sqlitePath?: string;
    clock?: ReturnType<typeof manualClock>;
    rateLimitStore?: Deps['rateLimitStore'];
  } = {},
): Promise<TestContext> {
  const dir = mkdtempSync(join(tmpdir(), 'auth-test-'));
  let server: Server | undefined;
  let url = '';
  if (opts.listen) {
    // Listen first so the issuer can name the real port.
    server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SQLITE_PATH: opts.sqlitePath ?? join(dir, 'auth.db'),
    ...(url && { ISSUER: url }),
    ...env,
  });
  const clock = opts.clock ?? manualClock(Date.now());
  const store = await openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
  const keys = createKeyStore({ store, clock, config });
  // As server.ts does at start-up: the admin API and the admin-console client.
  await ensureAdminRegistration({ store, clock, config });
  const deps: Deps = {
    config,
    store,
    keys,
    clock,
    logger: createLogger('silent'),
    metrics: createMetrics(),
    fetch: opts.fetch ?? fetch,
    rateLimitStore: opts.rateLimitStore,
  };
  const app = createApp(deps);
  server?.on('request', app);
  return {
    app,
    deps,
    config,
    store,
    clock,
    url,
    async close() {
      if (server) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
