import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';
import type { AccountSearch, Store } from '../types.js';

/** The highest code point: every string that starts with a prefix sorts below prefix + this. */
const TOP = '\u{10FFFF}';

/**
 * An admin search page, kept to index range scans at 100,000 accounts (packages/bench admin-lists):
 * a prefix is a range on the column's index, the page follows the same order (keyset, never
 * OFFSET), and the status filters have partial indexes (migration 010). PostgreSQL compares with
 * COLLATE "C" so ranges and order are byte order, as in SQLite, whatever the database's locale.
 * A role filter reads the username index in order and stops at a full page.
 */
export function searchAccounts(db: Kysely<Database>, engine: Store['engine'], q: AccountSearch) {
  const field = q.prefix?.field ?? 'username';
  const col = (name: 'username' | 'email'): RawBuilder<string> =>
    engine === 'postgres' ? sql<string>`${sql.ref(`accounts.${name}`)} collate "C"` : sql<string>`${sql.ref(`accounts.${name}`)}`;
  let query = db.selectFrom('accounts').selectAll();
  if (q.prefix) {
    query = query.where(col(field), '>=', q.prefix.value).where(col(field), '<', q.prefix.value + TOP);
  }
  if (q.after !== undefined) query = query.where(col(field), '>', q.after);
  if (q.status === 'disabled') query = query.where('disabled_at', 'is not', null);
  if (q.status === 'locked') query = query.where('locked_until', 'is not', null).where('locked_until', '>', q.now);
  if (q.role !== undefined) {
    // Roles are a JSON array of names that cannot contain a quote (users service ROLE_PATTERN).
    const needle = JSON.stringify(q.role);
    query = query.where(engine === 'postgres' ? sql<number>`strpos(roles, ${needle})` : sql<number>`instr(roles, ${needle})`, '>', 0);
  }
  return query.orderBy(col(field)).limit(q.limit).execute();
}
