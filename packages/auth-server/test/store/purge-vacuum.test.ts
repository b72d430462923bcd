import pg from 'pg';
import { openStore, type Store } from '../../src/store/index.js';
import { createTempDatabase, describeWithPostgres } from '../helpers/services.js';

const NOW = Date.UTC(2026, 0, 10);
const ROWS = 3000;

/**
 * PostgreSQL keeps deleted rows' space until a VACUUM, and autovacuum (a minute's nap, a fifth of the
 * table dead) does not come between two steps of a test: without the purge's own VACUUM, the second
 * batch of rows below lands on new pages and the table doubles.
 */
describeWithPostgres('purge on PostgreSQL: the space of what it deleted is reused', () => {
  let temp: Awaited<ReturnType<typeof createTempDatabase>>;
  let store: Store;
  let pool: pg.Pool;
  beforeAll(async () => {
    temp = await createTempDatabase();
    store = await openStore({ databaseUrl: temp.url, poolSize: 2 });
    pool = new pg.Pool({ connectionString: temp.url, max: 1 });
  });
  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await temp?.drop();
  });

  /** ROWS expired interactions, as a day of sign-ins that were never finished leaves them. */
  const expiredInteractions = (prefix: string) =>
    pool.query(
      `INSERT INTO interactions (id, client_id, params, created_at, expires_at)
       SELECT $1 || i, 'client', '{"scope":"openid profile","state":"${'x'.repeat(200)}"}', $2, $2 FROM generate_series(1, ${ROWS}) AS i`,
      [prefix, NOW - 60_000],
    );
  const pages = async (table: string) => Number((await pool.query<{ n: string }>(`SELECT pg_relation_size($1) / 8192 AS n`, [table])).rows[0]!.n);

  it('VACUUMs a table it deleted many rows from, so the next rows fill the freed pages', async () => {
    await expiredInteractions('first-');
    const filled = await pages('interactions');
    const first = await store.purgeExpired(NOW);
    expect(first.deleted.interactions).toBe(ROWS);
    expect(first.vacuumed).toEqual(['interactions']);

    await expiredInteractions('again-'); // same length as 'first-': rows of the same size
    expect(await pages('interactions')).toBe(filled);
    expect((await store.purgeExpired(NOW)).deleted.interactions).toBe(ROWS);
  });

  it('leaves a table with a few deleted rows to autovacuum', async () => {
    await pool.query(`INSERT INTO revoked_tokens (jti, grant_id, expires_at, revoked_at) VALUES ('jti-1', NULL, $1, $1)`, [NOW - 1]);
    const result = await store.purgeExpired(NOW);
    expect(result.deleted.revoked_tokens).toBe(1);
    expect(result.vacuumed).toEqual([]);
  });
});
