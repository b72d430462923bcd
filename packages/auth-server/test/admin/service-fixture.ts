import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Caller } from '../../src/admin/service-context.js';
import { manualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { openStore } from '../../src/store/index.js';
import { createTempDatabase } from '../helpers/services.js';

export type Engine = 'SQLite' | 'PostgreSQL';

export const consoleAdmin: Caller = { actor: { kind: 'admin', accountId: 'acc-1', username: 'root', via: 'console' }, ip: '203.0.113.9' };

/**
 * What the admin services need (store, clock, config) over a fresh SQLite file or a fresh
 * PostgreSQL database, dropped by `close`.
 */
export async function serviceFixture(engine: Engine) {
  const dir = mkdtempSync(join(tmpdir(), 'admin-svc-'));
  const db = engine === 'PostgreSQL' ? await createTempDatabase() : undefined;
  const config = loadConfig({ NODE_ENV: 'test', SQLITE_PATH: join(dir, 'auth.db'), ...(db && { DATABASE_URL: db.url }) });
  const store = await openStore(db ? { databaseUrl: db.url, poolSize: 3 } : { sqlitePath: config.sqlitePath });
  const clock = manualClock();
  return {
    svc: { store, clock, config },
    clock,
    async close() {
      await store.close();
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
