import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';

/** Failed logins of unknown usernames, counted in the store so every instance agrees. */
export function unknownLoginsRepository(db: Kysely<Database>): Store['unknownLogins'] {
  return {
    async find(username) {
      const r = await db.selectFrom('unknown_login_failures').selectAll().where('username', '=', username).executeTakeFirst();
      return r && { failures: Number(r.failures), lockedUntil: r.locked_until === null ? null : Number(r.locked_until) };
    },
    async addFailure(username, now) {
      const r = await db
        .insertInto('unknown_login_failures')
        .values({ username, failures: 1, locked_until: null, updated_at: now })
        .onConflict((oc) => oc.column('username').doUpdateSet((eb) => ({ failures: eb('unknown_login_failures.failures', '+', 1), updated_at: now })))
        .returning('failures')
        .executeTakeFirstOrThrow();
      return Number(r.failures);
    },
    async lock(username, until) {
      await db.updateTable('unknown_login_failures').set({ locked_until: until }).where('username', '=', username).execute();
    },
    async forget(username) {
      await db.deleteFrom('unknown_login_failures').where('username', '=', username).execute();
    },
  };
}
