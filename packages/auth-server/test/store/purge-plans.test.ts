import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { openStore } from '../../src/store/index.js';
import { purgeExpired } from '../../src/store/kysely/purge.js';
import type { Database } from '../../src/store/schema.js';
import { createTempDatabase, describeWithPostgres } from '../helpers/services.js';

const NOW = 1_800_000_000_000;
const ROWS = 20_000;

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };
const scansOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(scansOf)];

/**
 * A migrated temporary database and a Kysely on it that records every statement it runs, with the
 * plan PostgreSQL would give a recorded statement now.
 */
async function recordingDatabase() {
  const temp = await createTempDatabase();
  await (await openStore({ databaseUrl: temp.url, poolSize: 1 })).close(); // migrates
  const pool = new pg.Pool({ connectionString: temp.url, max: 1 });
  const statements: { sql: string; parameters: readonly unknown[] }[] = [];
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query') statements.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  return {
    db,
    statements,
    async planOf(statement: { sql: string; parameters: readonly unknown[] }): Promise<PlanNode[]> {
      const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${statement.sql}`, [...statement.parameters]);
      return scansOf(rows[0]!['QUERY PLAN'][0].Plan);
    },
    async close() {
      await db.destroy();
      await temp.drop();
    },
  };
}

/**
 * Right after a purge has deleted half a table, PostgreSQL's statistics still count the deleted rows
 * until autovacuum analyzes it again. A `LIMIT n` lookup of expired rows then looks cheap as a
 * sequential scan ("half the rows match, the first n come at once") and reads the whole table to find
 * none: every later pass paid that per table. Each statement of a pass must use the index whatever
 * the statistics say.
 */
describeWithPostgres('purge on PostgreSQL with statistics from before the last purge', () => {
  let recording: Awaited<ReturnType<typeof recordingDatabase>>;
  let db: Kysely<Database>;
  let statements: { sql: string; parameters: readonly unknown[] }[];

  beforeAll(async () => {
    recording = await recordingDatabase();
    ({ db, statements } = recording);
    // Half expired, half live, in the tables the purge drains with a LIMIT (codes, tokens, sessions, grants, audit).
    const half = (expired: string, live: string) => sql.raw(`CASE WHEN i % 2 = 0 THEN ${expired} ELSE ${live} END`);
    await sql`INSERT INTO revoked_tokens (jti, grant_id, expires_at, revoked_at)
      SELECT 'jti-' || i, NULL, ${half(`${NOW - 1000} - i`, `${NOW + 3_600_000} + i`)}, ${NOW - 7200_000}
      FROM generate_series(1, ${ROWS}) AS i`.execute(db);
    await sql`INSERT INTO audit_events (id, type, account_id, client_id, ip, detail, created_at)
      SELECT 'audit-' || i, 'login', NULL, NULL, '127.0.0.1', '{}', ${half(`${NOW - 400 * 86_400_000} + i`, `${NOW - 1000} - i`)}
      FROM generate_series(1, ${ROWS}) AS i`.execute(db);
    await sql`ANALYZE`.execute(db);
    // Not VACUUMed (vacuumAfterRows): its statistics stay those from before the purge.
    const first = await purgeExpired(db, 'postgres', NOW, { auditBefore: NOW - 180 * 86_400_000, vacuumAfterRows: Infinity });
    expect(first.deleted.revoked_tokens).toBe(ROWS / 2);
    expect(first.deleted.audit_events).toBe(ROWS / 2);
  }, 60_000);

  afterAll(() => recording?.close());

  it('finds nothing left to delete in one statement, through the indexes, not by reading the tables', async () => {
    statements.length = 0;
    const empty = await purgeExpired(db, 'postgres', NOW, { auditBefore: NOW - 180 * 86_400_000 });
    expect(empty.total).toBe(0);
    // One round trip asks every table at once.
    expect(statements).toHaveLength(1);
    const seeded = ['revoked_tokens', 'audit_events'];
    const lookups = statements.filter((s) => seeded.every((table) => s.sql.includes(`"${table}"`)));
    expect(lookups).toHaveLength(1);
    for (const statement of lookups) {
      const seqScans = (await recording.planOf(statement)).filter((n) => n['Node Type'] === 'Seq Scan' && seeded.includes(n['Relation Name'] ?? ''));
      expect({ statement: statement.sql, seqScans }).toEqual({ statement: statement.sql, seqScans: [] });
    }
  });
});

/**
 * The other way round: the purge VACUUMs a table it emptied, so the statistics say it is empty, and
 * by the next pass it has filled again. Joined with its own subquery (`key IN (SELECT … LIMIT n)`),
 * the table then looks like one row, and the planner's nested loop re-ran the subquery per row. A
 * batch must look its keys up one by one instead, without joining anything.
 */
describeWithPostgres('purge on PostgreSQL with statistics that say an emptied table is still empty', () => {
  let recording: Awaited<ReturnType<typeof recordingDatabase>>;
  let db: Kysely<Database>;
  let statements: { sql: string; parameters: readonly unknown[] }[];

  beforeAll(async () => {
    recording = await recordingDatabase();
    ({ db, statements } = recording);
  });

  afterAll(() => recording?.close());

  const expiredTokens = (prefix: string) =>
    sql`INSERT INTO revoked_tokens (jti, grant_id, expires_at, revoked_at)
      SELECT ${prefix} || i, NULL, ${NOW - 1000}, ${NOW - 7200_000} FROM generate_series(1, 3000) AS i`.execute(db);

  it('deletes each batch by key lookups, with no join the planner could turn into a nested loop', async () => {
    await expiredTokens('first-');
    expect((await purgeExpired(db, 'postgres', NOW)).vacuumed).toEqual(['revoked_tokens']);
    await expiredTokens('second-');
    statements.length = 0;
    const second = await purgeExpired(db, 'postgres', NOW, { vacuumAfterRows: Infinity });
    expect(second.deleted.revoked_tokens).toBe(3000);
    const deletes = statements.filter((s) => s.sql.startsWith('DELETE FROM "revoked_tokens"'));
    expect(deletes.length).toBeGreaterThan(1);
    for (const statement of deletes) {
      const joins = (await recording.planOf(statement)).filter((n) => /Nested Loop|Hash Join|Merge Join/.test(n['Node Type']));
      expect({ statement: statement.sql, joins }).toEqual({ statement: statement.sql, joins: [] });
    }
  });
});
