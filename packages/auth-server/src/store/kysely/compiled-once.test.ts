import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { migrate, openDatabase } from '../open-store.js';
import type { Database } from '../schema.js';
import { compiledOnce } from './compiled-once.js';

describe('compiledOnce', () => {
  let dir: string;
  let db: Kysely<Database>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compiled-once-'));
    db = await openDatabase({ sqlitePath: join(dir, 'a.db') });
    await migrate(db);
    await db.insertInto('audit_events').values([1, 2, 3].map((n) => ({ id: `e${n}`, type: `t${n}`, account_id: null, client_id: null, ip: null, detail: '{}', created_at: n }))).execute();
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test('each call runs the compiled query with its own values, constants kept, in a transaction too', async () => {
    const between = compiledOnce(
      (q: Kysely<Database>, from: number, to: number) =>
        q.selectFrom('audit_events').select('type').where('created_at', '>=', from).where('created_at', '<=', to).where('type', '!=', 'never').orderBy('created_at'),
      2,
    );
    expect((await between(db, 1, 2)).rows.map((r) => r.type)).toEqual(['t1', 't2']);
    expect((await between(db, 3, 9)).rows.map((r) => r.type)).toEqual(['t3']);
    const inTx = await db.transaction().execute((tx) => between(tx, 2, 3));
    expect(inTx.rows.map((r) => r.type)).toEqual(['t2', 't3']);
  });

  test('refuses a query that does not take every argument as a parameter', async () => {
    const unused = compiledOnce((q: Kysely<Database>, _from: number) => q.selectFrom('audit_events').select('type'), 1);
    await expect(async () => unused(db, 1)).rejects.toThrow(/every argument/);
  });
});
