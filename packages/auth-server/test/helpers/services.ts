import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/index.js';
import { skipNotice } from './skip-notice.js';

/**
 * PostgreSQL and Redis for tests. They run when TEST_DATABASE_URL / TEST_REDIS_URL are set; on a
 * machine without them those suites skip with a visible notice. CI sets REQUIRE_SERVICES=1, which
 * turns a missing service into a failure instead of a skip.
 */
const required = process.env.REQUIRE_SERVICES === '1';
export const postgresUrl = process.env.TEST_DATABASE_URL;
export const redisUrl = process.env.TEST_REDIS_URL;

function gate(name: string, url: string | undefined): typeof describe {
  if (url) return describe;
  if (required) throw new Error(`${name} is required (REQUIRE_SERVICES=1) but its TEST_ URL is not set`);
  skipNotice(`${name} tests skipped; set TEST_${name === 'PostgreSQL' ? 'DATABASE' : 'REDIS'}_URL to run them`);
  return describe.skip;
}

export const describeWithPostgres = (title: string, fn: () => void) => gate('PostgreSQL', postgresUrl)(title, fn);
export const describeWithRedis = (title: string, fn: () => void) => gate('Redis', redisUrl)(title, fn);

/** A brand-new database on the test server, dropped by the returned function. */
export async function createTempDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `sso_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Two stores on one fresh PostgreSQL database, as two instances of the server would hold, opened
 * before the suite and closed (database dropped) after it. Call inside a describeWithPostgres block.
 */
export function twoInstanceStores(): { readonly url: string; readonly stores: readonly Store[] } {
  const shared = { url: '', stores: [] as Store[] };
  let db: Awaited<ReturnType<typeof createTempDatabase>> | undefined;
  beforeAll(async () => {
    db = await createTempDatabase();
    shared.url = db.url;
    shared.stores = [await openStore({ databaseUrl: db.url, poolSize: 2 }), await openStore({ databaseUrl: db.url, poolSize: 2 })];
  });
  afterAll(async () => {
    for (const s of shared.stores) await s.close();
    await db?.drop();
  });
  return shared;
}
