import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import { changed } from './query-helpers.js';

/** Failed logins of unknown usernames, counted in the store so every instance agrees. */
export function unknownLoginsRepository(db: Kysely<Database>): Store['unknownLogins'] {
  return {
    async find(username) {
      const r = await db.selectFrom('unknown_login_failures').selectAll().where('username', '=', username).executeTakeFirst();
      return r && { failures: Number(r.failures), lockedUntil: r.locked_until === null ? null : Number(r.locked_until) };
    },
    async swap(username, expected, next, now) {
      const values = { failures: next.failures, locked_until: next.lockedUntil, updated_at: now };
      if (!expected) {
        const r = await db
          .insertInto('unknown_login_failures')
          .values({ username, ...values })
          .onConflict((oc) => oc.column('username').doNothing())
          .executeTakeFirst();
        return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
      }
      const r = await db
        .updateTable('unknown_login_failures')
        .set(values)
        .where('username', '=', username)
        .where('failures', '=', expected.failures)
        .where('locked_until', expected.lockedUntil === null ? 'is' : '=', expected.lockedUntil)
        .executeTakeFirst();
      return changed(r) === 1;
    },
    async forget(username) {
      await db.deleteFrom('unknown_login_failures').where('username', '=', username).execute();
    },
  };
}
