import type { Kysely } from 'kysely';
import type { FactorStores } from '../types.js';
import type { Database } from '../schema.js';
import { changed } from './query-helpers.js';

/** Hashed single-use recovery codes; a new set replaces the old one entirely. */
export function recoveryCodesRepository(db: Kysely<Database>): FactorStores['recoveryCodes'] {
  return {
    async replace(accountId, codeHashes, now) {
      await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
      if (codeHashes.length === 0) return;
      await db
        .insertInto('recovery_codes')
        .values(codeHashes.map((h) => ({ account_id: accountId, code_hash: h, created_at: now, used_at: null })))
        .execute();
    },
    async use(accountId, codeHash, now) {
      const r = await db
        .updateTable('recovery_codes')
        .set({ used_at: now })
        .where('account_id', '=', accountId)
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return changed(r) === 1;
    },
    async countUnused(accountId) {
      const r = await db
        .selectFrom('recovery_codes')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('account_id', '=', accountId)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    async deleteAll(accountId) {
      await db.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
    },
  };
}
