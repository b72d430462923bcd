import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import { pageLimit, unique } from './query-helpers.js';
import { json, toAccount } from './rows.js';

/** Accounts: unique usernames, atomic failed-login counting. */
export function accountsRepository(db: Kysely<Database>): Store['accounts'] {
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
      };
      await unique('username', () => db.insertInto('accounts').values(row).execute());
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
    async list(page = {}) {
      let q = db.selectFrom('accounts').selectAll();
      if (page.after !== undefined) q = q.where('username', '>', page.after);
      return (await q.orderBy('username').limit(pageLimit(page)).execute()).map(toAccount);
    },
    async update(id, p, now) {
      await db
        .updateTable('accounts')
        .set({
          ...(p.passwordHash !== undefined && { password_hash: p.passwordHash }),
          ...(p.roles !== undefined && { roles: json(p.roles) }),
          ...(p.email !== undefined && { email: p.email }),
          ...(p.name !== undefined && { name: p.name }),
          ...(p.failedLogins !== undefined && { failed_logins: p.failedLogins }),
          ...(p.lockedUntil !== undefined && { locked_until: p.lockedUntil }),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      return repo.findById(id);
    },
    async addFailedLogin(id, now) {
      // RETURNING reads the row this UPDATE wrote: a separate SELECT could see later increments.
      const r = await db
        .updateTable('accounts')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), updated_at: now }))
        .where('id', '=', id)
        .returning('failed_logins')
        .executeTakeFirst();
      return Number(r?.failed_logins ?? 0);
    },
  };
  return repo;
}
