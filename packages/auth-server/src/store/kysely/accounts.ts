import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import { changed, isUniqueViolation, pageLimit } from './query-helpers.js';
import { searchAccounts } from './account-search.js';
import { DuplicateError } from '../types.js';
import { json, toAccount } from './rows.js';

/** Usernames and e-mail addresses are unique; the error says which one is taken. */
async function uniqueAccount<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const what = /email/i.test((err as Error).message ?? '') ? 'email' : 'username';
    throw new DuplicateError(`${what} already exists`, what);
  }
}

/** Both writes or neither: inside the caller's transaction, or one of its own. */
const atomically = <T>(db: Kysely<Database>, work: (db: Kysely<Database>) => Promise<T>): Promise<T> =>
  db.isTransaction ? work(db) : db.transaction().execute(work);

/** The account_roles copy of an account's roles (migration 010), replaced whole. */
async function writeRoles(db: Kysely<Database>, accountId: string, username: string, roles: readonly string[], replace: boolean): Promise<void> {
  if (replace) await db.deleteFrom('account_roles').where('account_id', '=', accountId).execute();
  const rows = [...new Set(roles)].map((role) => ({ role, username, account_id: accountId }));
  if (rows.length > 0) await db.insertInto('account_roles').values(rows).execute();
}

/** Accounts: unique usernames and e-mails, compare-and-set lockout counters. */
export function accountsRepository(db: Kysely<Database>, engine: Store['engine']): Store['accounts'] {
  const repo: Store['accounts'] = {
    async create(a, now) {
      const row = {
        id: a.id,
        username: a.username,
        email: a.email,
        name: a.name,
        password_hash: a.passwordHash,
        roles: json(a.roles),
        failed_logins: 0,
        locked_until: null,
        created_at: now,
        updated_at: now,
        email_verified: a.emailVerified ? 1 : 0,
        disabled_at: null,
      };
      await uniqueAccount(() =>
        atomically(db, async (tx) => {
          await tx.insertInto('accounts').values(row).execute();
          await writeRoles(tx, a.id, a.username, a.roles, false);
        }),
      );
      return toAccount(row);
    },
    async findById(id) {
      const r = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toAccount(r);
    },
    async findByUsername(username) {
      const r = await db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
      return r && toAccount(r);
    },
    async findByEmail(email) {
      const r = await db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
      return r && toAccount(r);
    },
    async list(page = {}) {
      let q = db.selectFrom('accounts').selectAll();
      if (page.after !== undefined) q = q.where('username', '>', page.after);
      return (await q.orderBy('username').limit(pageLimit(page)).execute()).map(toAccount);
    },
    async search(query) {
      return (await searchAccounts(db, engine, query)).map(toAccount);
    },
    async update(id, p, now) {
      // A transaction only when the roles change: updates on the sign-in path stay one statement.
      const write = async (tx: Kysely<Database>) => {
        const r = await tx
          .updateTable('accounts')
          .set({
            ...(p.passwordHash !== undefined && { password_hash: p.passwordHash }),
            ...(p.roles !== undefined && { roles: json(p.roles) }),
            ...(p.email !== undefined && { email: p.email }),
            ...(p.name !== undefined && { name: p.name }),
            ...(p.failedLogins !== undefined && { failed_logins: p.failedLogins }),
            ...(p.lockedUntil !== undefined && { locked_until: p.lockedUntil }),
            ...(p.emailVerified !== undefined && { email_verified: p.emailVerified ? 1 : 0 }),
            ...(p.disabledAt !== undefined && { disabled_at: p.disabledAt }),
            updated_at: now,
          })
          .where('id', '=', id)
          .executeTakeFirst();
        if (p.roles !== undefined && changed(r) === 1) {
          const { username } = await tx.selectFrom('accounts').select('username').where('id', '=', id).executeTakeFirstOrThrow();
          await writeRoles(tx, id, username, p.roles, true);
        }
      };
      await uniqueAccount(() => (p.roles === undefined ? write(db) : atomically(db, write)));
      return repo.findById(id);
    },
    async swapLoginCounter(id, expected, next, now) {
      // One conditional UPDATE: of two requests that read the same counter, only one can write.
      const r = await db
        .updateTable('accounts')
        .set({ failed_logins: next.failures, locked_until: next.lockedUntil, updated_at: now })
        .where('id', '=', id)
        .where('failed_logins', '=', expected.failures)
        .where('locked_until', expected.lockedUntil === null ? 'is' : '=', expected.lockedUntil)
        .executeTakeFirst();
      return changed(r) === 1;
    },
  };
  return repo;
}
