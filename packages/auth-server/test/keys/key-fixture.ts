import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../../src/clock.js';
import { loadConfig, type Env } from '../../src/config/config.js';
import { createKeyStore } from '../../src/keys/db-key-store.js';
import { openStore, type Store } from '../../src/store/index.js';

/**
 * A key store over a fresh SQLite file, with a hand-driven clock; `restart` reopens the same file.
 * Its stores do not look for each other's writes (sqliteChangePollMs 0), so what a cache holds
 * depends on the clock alone; the look itself is tested in test/store/change-feed.test.ts.
 */
export async function keyFixture(env: Env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'keys-test-'));
  const config = loadConfig({ NODE_ENV: 'test', SQLITE_PATH: join(dir, 'auth.db'), ...env });
  const clock = manualClock();
  const storeOptions = { sqlitePath: config.sqlitePath, sqliteChangePollMs: 0 };
  let store: Store = await openStore(storeOptions);
  const others: Store[] = [];
  const fixture = {
    config,
    clock,
    get store() {
      return store;
    },
    keys: createKeyStore({ store, clock, config }),
    /** Another instance on the same SQLite file that hears no changes: its caches live out their lifetimes. */
    async instance() {
      const own = await openStore(storeOptions);
      others.push(own);
      return createKeyStore({ store: own, clock, config });
    },
    /** Another key store in this process, on the same store: it hears this store's announcements. */
    sameProcess: () => createKeyStore({ store, clock, config }),
    async restart() {
      await store.close();
      store = await openStore(storeOptions);
      fixture.keys = createKeyStore({ store, clock, config });
    },
    async close() {
      for (const other of others) await other.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}
