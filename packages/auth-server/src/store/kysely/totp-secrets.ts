import type { Kysely } from 'kysely';
import type { FactorStores } from '../types.js';
import type { Database } from '../schema.js';
import { changed } from './query-helpers.js';
import { num } from './rows.js';

/** One TOTP secret per account; the last used step makes each code single-use. */
export function totpRepository(db: Kysely<Database>): FactorStores['totp'] {
  return {
    async find(accountId) {
      const r = await db.selectFrom('totp_secrets').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      return (
        r && {
          accountId: r.account_id,
          sealedSecret: r.sealed_secret,
          confirmedAt: num(r.confirmed_at),
          lastStep: num(r.last_step),
          createdAt: Number(r.created_at),
        }
      );
    },
    async startEnrolment(accountId, sealedSecret, now) {
      // Only an unconfirmed secret may be replaced; a confirmed one is removed explicitly first.
      await db.deleteFrom('totp_secrets').where('account_id', '=', accountId).where('confirmed_at', 'is', null).execute();
      await db
        .insertInto('totp_secrets')
        .values({ account_id: accountId, sealed_secret: sealedSecret, confirmed_at: null, last_step: null, created_at: now })
        .execute();
    },
    async confirm(accountId, step, now) {
      const r = await db
        .updateTable('totp_secrets')
        .set({ confirmed_at: now, last_step: step })
        .where('account_id', '=', accountId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      return changed(r) === 1;
    },
    async useStep(accountId, step) {
      // A conditional UPDATE: of two requests racing with the same code, one wins.
      const r = await db
        .updateTable('totp_secrets')
        .set({ last_step: step })
        .where('account_id', '=', accountId)
        .where('confirmed_at', 'is not', null)
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      return changed(r) === 1;
    },
    async delete(accountId) {
      return changed(await db.deleteFrom('totp_secrets').where('account_id', '=', accountId).executeTakeFirst()) === 1;
    },
  };
}
