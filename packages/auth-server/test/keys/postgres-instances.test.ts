import { manualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { createKeyStore } from '../../src/keys/db-key-store.js';
import { describeWithPostgres, twoInstanceStores } from '../helpers/services.js';

describeWithPostgres('key store on PostgreSQL, two instances', () => {
  const pg = twoInstanceStores();

  it('both starting at once end up signing with the same key, and both keys are published', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: pg.url });
    const clock = manualClock();
    const [a, b] = pg.stores.map((store) => createKeyStore({ store, clock, config }));
    await Promise.all([a!.current(), b!.current()]);
    clock.advance(30_000); // both caches expire
    const [ka, kb] = await Promise.all([a!.current(), b!.current()]);
    expect(ka.kid).toBe(kb.kid);
    const [ja, jb] = [await a!.jwks(), await b!.jwks()];
    expect(ja).toEqual(jb);
    expect(ja.keys.map((k) => k.kid)).toContain(ka.kid);
    // At most one key can be signing: any other one is retired.
    const unretired = (await pg.stores[0]!.keys.list()).filter((k) => k.retiredAt === null);
    expect(unretired.map((k) => k.kid)).toEqual([ka.kid]);
  });
});
