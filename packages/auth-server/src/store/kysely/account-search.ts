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
 * A role filter in username order walks that role's rows of account_roles (primary key role,
 * username); with an e-mail search it checks each candidate through (account_id, role).
 */
export function searchAccounts(db: Kysely<Database>, engine: Store['engine'], q: AccountSearch) {
  const field = q.prefix?.field ?? 'username';
  const byRole = q.role !== undefined && field === 'username';
  const key = byRole ? 'r.username' : `accounts.${field}`;
  const col: RawBuilder<string> = engine === 'postgres' ? sql<string>`${sql.ref(key)} collate "C"` : sql<string>`${sql.ref(key)}`;
  let query = byRole
    ? db.selectFrom('account_roles as r').innerJoin('accounts', 'accounts.id', 'r.account_id').selectAll('accounts').where('r.role', '=', q.role!)
    : db.selectFrom('accounts').selectAll('accounts');
  if (q.prefix) query = query.where(col, '>=', q.prefix.value).where(col, '<', q.prefix.value + TOP);
  if (q.after !== undefined) query = query.where(col, '>', q.after);
  if (q.status === 'disabled') query = query.where('accounts.disabled_at', 'is not', null);
  if (q.status === 'locked') query = query.where('accounts.locked_until', 'is not', null).where('accounts.locked_until', '>', q.now);
  if (q.role !== undefined && !byRole) {
    const role = q.role;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('account_roles as r').select('r.role').whereRef('r.account_id', '=', 'accounts.id').where('r.role', '=', role)),
    );
  }
  return query.orderBy(col).limit(q.limit).execute();
}
