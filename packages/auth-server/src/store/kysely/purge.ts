import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';
import type { PurgeOptions, PurgeResult, Store } from '../types.js';

const DAY_MS = 24 * 3600_000;
/** Rows in the first DELETE of each table; later ones are sized to the time budget below. */
export const PURGE_BATCH = 50;
/**
 * How long one batch may hold the store: requests wait behind it, and on SQLite (a synchronous
 * driver) the whole event loop does. A row costs very different times per table (an audit event sits
 * in four indexes, an expired session takes its client list along) and per machine, so the batch size
 * follows the time a batch took rather than a row count.
 */
export const PURGE_BATCH_BUDGET_MS = 10;
const MIN_BATCH = 20;
const MAX_BATCH = 5000;

/**
 * Rows one pass must delete from a table before it VACUUMs that table on PostgreSQL. Below it the
 * dead rows are few, and autovacuum's turn is soon enough.
 */
export const VACUUM_AFTER_ROWS = 1000;

/** Lets queued requests run between two batches: the SQLite driver is synchronous. */
const yieldToRequests = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/**
 * After a batch, rests as long as it took: the purge takes at most half of the store's time (and, on a
 * small machine that also runs the database, half a core), and requests meet fewer batches. A pass
 * runs every ten minutes; taking twice as long costs nothing.
 */
const restAfter = (ms: number): Promise<void> => (ms < 1 ? yieldToRequests() : new Promise((resolve) => setTimeout(resolve, ms)));

/** The next batch's size from the last one's rows and time: as many rows as fit the budget, at most twice as many. */
export function nextBatchSize(rows: number, ms: number): number {
  const fitting = Math.floor((rows * PURGE_BATCH_BUDGET_MS) / Math.max(ms, 0.1));
  return Math.max(MIN_BATCH, Math.min(MAX_BATCH, 2 * rows, fitting));
}

/** What one table's purge deletes: the rows matching `where`, a range on the indexed column `by`. */
interface Sweep {
  table: string;
  by: string;
  where: RawBuilder<unknown>;
  /** Deletes one batch of at most `size` matching rows; returns how many went. */
  step: (size: number) => Promise<number>;
}

/**
 * Deletes what nobody can use any more in batches sized to hold the store about
 * PURGE_BATCH_BUDGET_MS each, resting between them (restAfter) so requests in flight are not held
 * behind one long DELETE. Every condition is an index range scan (migration 004). One statement first asks
 * every table at once whether it has anything to delete, so a pass with nothing to do costs one
 * round trip to PostgreSQL rather than one per table.
 */
export async function purgeExpired(db: Kysely<Database>, engine: Store['engine'], now: number, opts: PurgeOptions = {}): Promise<PurgeResult> {
  const firstBatch = opts.batchSize ?? PURGE_BATCH;
  const vacuumAfter = opts.vacuumAfterRows ?? VACUUM_AFTER_ROWS;
  const rest = opts.rest ?? restAfter;
  const deleted: Record<string, number> = {};
  let slowestBatchMs = 0;

  /** Repeats `step` (one batch of at most `size` rows) until a batch deletes fewer rows than asked for. */
  async function drain({ table, step }: Sweep): Promise<void> {
    let total = 0;
    for (let size = firstBatch; ; ) {
      const started = performance.now();
      const n = await step(size);
      const ms = performance.now() - started;
      slowestBatchMs = Math.max(slowestBatchMs, ms);
      total += n;
      if (n < size) break;
      size = nextBatchSize(n, ms);
      await rest(ms);
    }
    deleted[table] = (deleted[table] ?? 0) + total;
    await yieldToRequests();
  }

  /**
   * The first `size` rows matching `where`, in index order. The ORDER BY pins PostgreSQL to the
   * index: with `LIMIT` alone its planner, trusting statistics from before the last purge, expects
   * many matching rows and picks a sequential scan that then reads the whole table to find none.
   */
  const firstMatching = (table: string, column: string, by: string, where: RawBuilder<unknown>, size: number) =>
    sql`SELECT ${sql.ref(column)} FROM ${sql.table(table)} WHERE ${where} ORDER BY ${sql.ref(by)} LIMIT ${size}`;
  /**
   * `key` is one of the first `size` matching keys. On PostgreSQL the keys are gathered first
   * (`= ANY(ARRAY(…))`, one InitPlan) and then looked up by primary key. As `IN (…)`, the planner may
   * join the table with its own subquery; when the statistics say the table is empty (a VACUUM
   * right after a purge emptied it) but it has filled again, that join is a nested loop re-running
   * the subquery per row: 0.5 s for a batch of 400 out of 3,000 rows instead of 1 ms.
   */
  const amongFirst = (table: string, key: string, by: string, where: RawBuilder<unknown>, size: number) =>
    engine === 'postgres'
      ? sql`${sql.ref(key)} = ANY(ARRAY(${firstMatching(table, key, by, where, size)}))`
      : sql`${sql.ref(key)} IN (${firstMatching(table, key, by, where, size)})`;
  /** Rows deleted by primary key, a batch of the first matching ones at a time. */
  const sweep = (table: string, key: string, by: string, where: RawBuilder<unknown>): Sweep => ({
    table,
    by,
    where,
    step: async (size) =>
      Number((await sql`DELETE FROM ${sql.table(table)} WHERE ${amongFirst(table, key, by, where, size)}`.execute(db)).numAffectedRows ?? 0n),
  });
  const expired = (table: string, key: string, column: string, before: number) => sweep(table, key, column, sql`${sql.ref(column)} < ${before}`);
  /** Rows of `table` by key, with the rows of `dependent` that refer to them deleted first. */
  const withDependents = (table: string, key: string, by: string, where: RawBuilder<unknown>, dependent: string, foreignKey: string): Sweep => ({
    table,
    by,
    where,
    step: async (size) => {
      const keys = (await firstMatching(table, key, by, where, size).execute(db)).rows.map((r) => (r as Record<string, string>)[key]!);
      if (keys.length === 0) return 0;
      await sql`DELETE FROM ${sql.table(dependent)} WHERE ${sql.ref(foreignKey)} IN (${sql.join(keys)})`.execute(db);
      return Number((await sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(key)} IN (${sql.join(keys)})`.execute(db)).numAffectedRows ?? 0n);
    },
  });

  const sweeps: Sweep[] = [
    // Codes stay a day past expiry: a replay within it still revokes the grant (RFC 6749 §4.1.2).
    expired('authorization_codes', 'code_hash', 'expires_at', now - DAY_MS),
    expired('interactions', 'id', 'expires_at', now),
    expired('revoked_tokens', 'jti', 'expires_at', now),
    expired('refresh_tokens', 'token_hash', 'expires_at', now),
    // A grant past its absolute lifetime, or revoked, has no live token left: every check that meets
    // a missing grant answers as for a revoked one (check-access-token, introspection, refresh). Its
    // refresh tokens go with it: rotated ones are kept only while their family lives, since reuse
    // detection (RFC 9700 §4.14.2) has nothing left to revoke in a dead family.
    ...(['expires_at', 'revoked_at'] as const).map((dead) => withDependents('grants', 'id', dead, sql`${sql.ref(dead)} < ${now}`, 'refresh_tokens', 'grant_id')),
    // Unknown-username counters idle for a day whose lock, if any, is over.
    sweep('unknown_login_failures', 'username', 'updated_at', sql`updated_at < ${now - DAY_MS} AND (locked_until IS NULL OR locked_until < ${now})`),
    withDependents('sessions', 'sid', 'expires_at', sql`expires_at < ${now}`, 'session_clients', 'sid'),
    // Mailed links a day past expiry (kept a day so a late click gets "expired", not "unknown").
    expired('account_tokens', 'token_hash', 'expires_at', now - DAY_MS),
    // Delivered outbox items are kept a week for `pnpm admin outbox`; failed ones stay until looked at.
    sweep('outbox', 'id', 'updated_at', sql`status = 'sent' AND updated_at < ${now - 7 * DAY_MS}`),
    // Sign-in factor records (sign-in/, factors/): progress, session factors, grant amr/acr, challenges.
    expired('sign_in_progress', 'interaction_id', 'expires_at', now),
    expired('session_factors', 'sid', 'expires_at', now),
    expired('grant_authentications', 'grant_id', 'expires_at', now),
    expired('webauthn_challenges', 'challenge', 'expires_at', now),
    // Dashboard activity counts: the dashboard shows a day; a month is kept for a look back.
    sweep('activity_counts', 'hour_start', 'hour_start', sql`hour_start < ${now - 30 * DAY_MS}`),
    ...(opts.auditBefore === undefined ? [] : [expired('audit_events', 'id', 'created_at', opts.auditBefore)]),
  ];
  for (const s of sweeps) deleted[s.table] = 0;
  // One row of flags: the first matching row of each sweep, or NULL, each found through its index.
  const probe = sql.join(sweeps.map((s, i) => sql`(${firstMatching(s.table, s.by, s.by, s.where, 1)}) AS ${sql.ref(`s${i}`)}`));
  const [pending] = (await sql<Record<string, unknown>>`SELECT ${probe}`.execute(db)).rows;
  for (const [i, s] of sweeps.entries()) if (pending?.[`s${i}`] != null) await drain(s);

  const total = Object.values(deleted).reduce((a, b) => a + b, 0);
  // Hand the write-ahead log back to the main file and truncate it, so the purge does not leave a
  // WAL the size of everything it deleted. Freed pages are reused by later inserts: the file stops growing.
  const started = performance.now();
  if (engine === 'sqlite' && total > 0) await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  const checkpointMs = performance.now() - started;
  const vacuumed = engine === 'postgres' ? await vacuum(db, Object.keys(deleted).filter((table) => deleted[table]! >= vacuumAfter)) : [];
  return { deleted, total, slowestBatchMs: Math.round(slowestBatchMs * 10) / 10, checkpointMs: Math.round(checkpointMs * 10) / 10, vacuumed };
}

/**
 * PostgreSQL keeps a deleted row's space until a VACUUM marks it free, and autovacuum comes only once
 * a fifth of a table is dead, on its own schedule: meanwhile every insert takes new pages, and a
 * table the purge just halved still grows by what is written next (bench large-store). So the purge
 * VACUUMs the tables it deleted many rows from, one at a time, on one connection:
 * - paced like autovacuum (2 ms rest per 200 cost units), so it never takes the machine from requests;
 * - `TRUNCATE false`: giving the empty tail back to the filesystem takes a lock that would hold
 *   writers; the space is reused instead, so the table stops growing rather than shrinks;
 * - `ANALYZE` too, so the planner's statistics know the rows are gone.
 * Not being the tables' owner (migrations run as another role) only makes PostgreSQL skip them with
 * a warning.
 */
async function vacuum(db: Kysely<Database>, tables: string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  await db.connection().execute(async (session) => {
    await sql`SET vacuum_cost_delay = 2`.execute(session);
    try {
      for (const table of tables) await sql`VACUUM (ANALYZE, TRUNCATE false) ${sql.table(table)}`.execute(session);
    } finally {
      await sql`RESET vacuum_cost_delay`.execute(session);
    }
  });
  return tables;
}
