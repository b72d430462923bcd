import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';
import type { PurgeOptions, PurgeResult, Store } from '../types.js';
import { changed } from './query-helpers.js';

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

/** Lets queued requests run between two batches: the SQLite driver is synchronous. */
const yieldToRequests = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The next batch's size from the last one's rows and time: as many rows as fit the budget, at most twice as many. */
export function nextBatchSize(rows: number, ms: number): number {
  const fitting = Math.floor((rows * PURGE_BATCH_BUDGET_MS) / Math.max(ms, 0.1));
  return Math.max(MIN_BATCH, Math.min(MAX_BATCH, 2 * rows, fitting));
}

/**
 * Deletes what nobody can use any more in batches sized to hold the store about
 * PURGE_BATCH_BUDGET_MS each, yielding between statements so requests in flight are not held behind
 * one long DELETE. Every condition is an index range scan (migration 004), so a pass with nothing to
 * delete costs a handful of empty lookups.
 */
export async function purgeExpired(db: Kysely<Database>, engine: Store['engine'], now: number, opts: PurgeOptions = {}): Promise<PurgeResult> {
  const firstBatch = opts.batchSize ?? PURGE_BATCH;
  const deleted: Record<string, number> = {};
  let slowestBatchMs = 0;

  /** Repeats `step` (one batch of at most `size` rows) until a batch deletes fewer rows than asked for. */
  async function drain(table: string, step: (size: number) => Promise<number>): Promise<void> {
    let total = 0;
    for (let size = firstBatch; ; ) {
      const started = performance.now();
      const n = await step(size);
      const ms = performance.now() - started;
      slowestBatchMs = Math.max(slowestBatchMs, ms);
      total += n;
      if (n < size) break;
      size = nextBatchSize(n, ms);
      await yieldToRequests();
    }
    deleted[table] = (deleted[table] ?? 0) + total;
    await yieldToRequests();
  }

  /**
   * One batch of a table's rows matching `where` (a range on the indexed column `by`), deleted by
   * primary key: `DELETE … WHERE key IN (SELECT key … ORDER BY by LIMIT n)` works alike on both
   * engines. The ORDER BY pins PostgreSQL to the index: with `LIMIT` alone its planner, trusting
   * statistics from before the last purge, expects many matching rows and picks a sequential scan
   * that then reads the whole table to find none.
   */
  const batchOf = (table: string, key: string, by: string, where: RawBuilder<unknown>) => async (size: number) =>
    Number(
      (
        await sql`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(key)} IN (SELECT ${sql.ref(key)} FROM ${sql.table(table)} WHERE ${where} ORDER BY ${sql.ref(by)} LIMIT ${size})`.execute(
          db,
        )
      ).numAffectedRows ?? 0n,
    );
  const expired = (table: string, key: string, column: string, before: number) => batchOf(table, key, column, sql`${sql.ref(column)} < ${before}`);

  // Codes stay a day past expiry: a replay within it still revokes the grant (RFC 6749 §4.1.2).
  await drain('authorization_codes', expired('authorization_codes', 'code_hash', 'expires_at', now - DAY_MS));
  await drain('interactions', expired('interactions', 'id', 'expires_at', now));
  await drain('revoked_tokens', expired('revoked_tokens', 'jti', 'expires_at', now));
  await drain('refresh_tokens', expired('refresh_tokens', 'token_hash', 'expires_at', now));
  // A grant past its absolute lifetime, or revoked, has no live token left: every check that meets
  // a missing grant answers as for a revoked one (check-access-token, introspection, refresh). Its
  // refresh tokens go with it: rotated ones are kept only while their family lives, since reuse
  // detection (RFC 9700 §4.14.2) has nothing left to revoke in a dead family.
  for (const dead of ['expires_at', 'revoked_at'] as const) {
    await drain('grants', async (size) => {
      const ids = (await db.selectFrom('grants').select('id').where(dead, '<', now).orderBy(dead).limit(size).execute()).map((r) => r.id);
      if (ids.length === 0) return 0;
      await db.deleteFrom('refresh_tokens').where('grant_id', 'in', ids).execute();
      return changed(await db.deleteFrom('grants').where('id', 'in', ids).executeTakeFirst());
    });
  }
  // Unknown-username counters idle for a day whose lock, if any, is over.
  await drain(
    'unknown_login_failures',
    batchOf('unknown_login_failures', 'username', 'updated_at', sql`updated_at < ${now - DAY_MS} AND (locked_until IS NULL OR locked_until < ${now})`),
  );
  await drain('sessions', async (size) => {
    const sids = (await db.selectFrom('sessions').select('sid').where('expires_at', '<', now).orderBy('expires_at').limit(size).execute()).map((r) => r.sid);
    if (sids.length === 0) return 0;
    await db.deleteFrom('session_clients').where('sid', 'in', sids).execute();
    return changed(await db.deleteFrom('sessions').where('sid', 'in', sids).executeTakeFirst());
  });
  // Mailed links a day past expiry (kept a day so a late click gets "expired", not "unknown").
  await drain('account_tokens', expired('account_tokens', 'token_hash', 'expires_at', now - DAY_MS));
  // Delivered outbox items are kept a week for `pnpm admin outbox`; failed ones stay until looked at.
  await drain('outbox', batchOf('outbox', 'id', 'updated_at', sql`status = 'sent' AND updated_at < ${now - 7 * DAY_MS}`));
  // Sign-in factor records (sign-in/, factors/): progress, session factors, grant amr/acr, challenges.
  await drain('sign_in_progress', expired('sign_in_progress', 'interaction_id', 'expires_at', now));
  await drain('session_factors', expired('session_factors', 'sid', 'expires_at', now));
  await drain('grant_authentications', expired('grant_authentications', 'grant_id', 'expires_at', now));
  await drain('webauthn_challenges', expired('webauthn_challenges', 'challenge', 'expires_at', now));
  // Dashboard activity counts: the dashboard shows a day; a month is kept for a look back.
  await drain('activity_counts', async () =>
    changed(await db.deleteFrom('activity_counts').where('hour_start', '<', now - 30 * DAY_MS).executeTakeFirst()),
  );
  if (opts.auditBefore !== undefined) {
    await drain('audit_events', expired('audit_events', 'id', 'created_at', opts.auditBefore));
  }

  const total = Object.values(deleted).reduce((a, b) => a + b, 0);
  // Hand the write-ahead log back to the main file and truncate it, so the purge does not leave a
  // WAL the size of everything it deleted. Freed pages are reused by later inserts: the file stops growing.
  const started = performance.now();
  if (engine === 'sqlite' && total > 0) await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  const checkpointMs = performance.now() - started;
  return { deleted, total, slowestBatchMs: Math.round(slowestBatchMs * 10) / 10, checkpointMs: Math.round(checkpointMs * 10) / 10 };
}
