import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/types.js';
import { createTempDatabase, describeWithPostgres } from '../helpers/services.js';
import { storeContract } from './store-contract.js';

/** Opens `options`, and reopens the same database after closing the current store. */
async function handleFor(options: Parameters<typeof openStore>[0], cleanup: () => Promise<void>) {
  let store: Store = await openStore(options);
  return {
    store,
    async reopen() {
      await store.close();
      store = await openStore(options);
      return store;
    },
    async cleanup() {
      await store.close();
      await cleanup();
    },
  };
}

storeContract('SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-contract-'));
  return handleFor({ sqlitePath: join(dir, 'auth.db') }, () => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
});

describeWithPostgres('PostgreSQL', () => {
  storeContract('PostgreSQL', async () => {
    const db = await createTempDatabase();
    return handleFor({ databaseUrl: db.url, poolSize: 5 }, () => db.drop());
  });
});
