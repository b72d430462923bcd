import { manualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { createKeyStore } from '../../src/keys/db-key-store.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createTempDatabase, describeWithPostgres } from '../helpers/services.js';

describeWithPostgres('key store on PostgreSQL, two instances', () => {
  let db: Awaited<ReturnType<typeof createTempDatabase>>;
  let stores: Store[];
  beforeAll(async () => {
    db = await createTempDatabase();
    stores = [await openStore({ databaseUrl: db.url, poolSize: 2 }), await openStore({ databaseUrl: db.url, poolSize: 2 })];
  });
  afterAll(async () => {
    for (const s of stores ?? []) await s.close();
    await db?.drop();
  });

  it('both starting at once end up signing with the same key, and both keys are published', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url });
    const clock = manualClock();
    const [a, b] = stores.map((store) => createKeyStore({ store, clock, config }));
    await Promise.all([a!.current(), b!.current()]);
    clock.advance(30_000); // both caches expire
    const [ka, kb] = await Promise.all([a!.current(), b!.current()]);
    expect(ka.kid).toBe(kb.kid);
    const [ja, jb] = [await a!.jwks(), await b!.jwks()];
    expect(ja).toEqual(jb);
    expect(ja.keys.map((k) => k.kid)).toContain(ka.kid);
    // At most one key can be signing: any other one is retired.
    const unretired = (await stores[0]!.keys.list()).filter((k) => k.retiredAt === null);
    expect(unretired.map((k) => k.kid)).toEqual([ka.kid]);
  });
});
