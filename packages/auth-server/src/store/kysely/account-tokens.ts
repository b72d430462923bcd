import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import type { AccountTokenPurpose } from '../../accounts/account-token.js';
import { changed } from './query-helpers.js';

/** Single-use mailed links; `use` is one conditional UPDATE, so a link works once even under races. */
export function accountTokensRepository(db: Kysely<Database>): Store['accountTokens'] {
  return {
    async create(t) {
      await db
        .insertInto('account_tokens')
        .values({
          token_hash: t.tokenHash,
          account_id: t.accountId,
          purpose: t.purpose,
          email: t.email,
          created_at: t.createdAt,
          expires_at: t.expiresAt,
          used_at: null,
        })
        .execute();
    },
    async find(tokenHash) {
      const r = await db.selectFrom('account_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return (
        r && {
          tokenHash: r.token_hash,
          accountId: r.account_id,
          purpose: r.purpose as AccountTokenPurpose,
          email: r.email,
          createdAt: Number(r.created_at),
          expiresAt: Number(r.expires_at),
          usedAt: r.used_at === null ? null : Number(r.used_at),
        }
      );
    },
    async use(tokenHash, purpose, now) {
      const r = await db
        .updateTable('account_tokens')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return changed(r) === 1;
    },
    async countSince(accountId, purpose, since) {
      const r = await db
        .selectFrom('account_tokens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('account_id', '=', accountId)
        .where('purpose', '=', purpose)
        .where('created_at', '>=', since)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
  };
}
