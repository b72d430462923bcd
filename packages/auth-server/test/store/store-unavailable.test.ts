import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { StoreUnavailableError } from '../../src/store/types.js';
import { unavailableAware } from '../../src/store/unavailable-dialect.js';

/** The store itself says "unavailable" (store/unavailable-dialect.ts); the outage test covers PostgreSQL. */
describe('SQLite behind unavailableAware', () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-unavailable-'));
  const path = join(dir, 'auth.db');
  const holder = new Database(path);
  const waiter = new Database(path);
  waiter.pragma('busy_timeout = 0');
  const db = new Kysely<{ t: { id: number } }>({ dialect: unavailableAware(new SqliteDialect({ database: waiter })) });

  beforeAll(() => holder.exec('CREATE TABLE t (id INTEGER)'));
  afterAll(async () => {
    await db.destroy();
    holder.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a locked database is StoreUnavailableError, keeping the driver error as its cause', async () => {
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const failure = await db.insertInto('t').values({ id: 1 }).execute().catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(StoreUnavailableError);
      expect(((failure as Error).cause as Error).message).toMatch(/locked/i);
    } finally {
      holder.exec('ROLLBACK');
    }
  });

  test('a query the engine refuses is not an outage', async () => {
    const failure = await sql`SELECT * FROM no_such_table`.execute(db).catch((err: unknown) => err);
    expect(failure).not.toBeInstanceOf(StoreUnavailableError);
    expect((failure as Error).message).toMatch(/no such table/);
  });

  test('transactions still commit through the wrapped driver', async () => {
    await db.transaction().execute((trx) => trx.insertInto('t').values({ id: 2 }).execute());
    expect(await db.selectFrom('t').select('id').where('id', '=', 2).execute()).toEqual([{ id: 2 }]);
  });
});
