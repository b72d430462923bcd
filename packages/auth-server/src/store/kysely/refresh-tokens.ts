import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import { changed } from './query-helpers.js';
import { findRefreshRedemption } from './refresh-redemption.js';
import { toRefresh } from './rows.js';

/** Refresh tokens (hashed), rotated at most once by a conditional UPDATE. */
export function refreshTokensRepository(db: Kysely<Database>): Store['refreshTokens'] {
  return {
    async create(t) {
      await db
        .insertInto('refresh_tokens')
        .values({
          token_hash: t.tokenHash,
          grant_id: t.grantId,
          client_id: t.clientId,
          account_id: t.accountId,
          scope: t.scope,
          created_at: t.createdAt,
          expires_at: t.expiresAt,
          rotated_at: null,
          revoked_at: null,
        })
        .execute();
    },
    async find(tokenHash) {
      const r = await db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r && toRefresh(r);
    },
    findRedemption: (tokenHash) => findRefreshRedemption(db, tokenHash),
    async rotate(tokenHash, now) {
      const r = await db
        .updateTable('refresh_tokens')
        .set({ rotated_at: now })
        .where('token_hash', '=', tokenHash)
        .where('rotated_at', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return changed(r) === 1;
    },
    async revoke(tokenHash, now) {
      await db
        .updateTable('refresh_tokens')
        .set({ revoked_at: now })
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .execute();
    },
    async revokeByGrant(grantId, now) {
      await db
        .updateTable('refresh_tokens')
        .set({ revoked_at: now })
        .where('grant_id', '=', grantId)
        .where('revoked_at', 'is', null)
        .execute();
    },
  };
}
