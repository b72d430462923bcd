import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';

/** Revoked access-token ids, kept until the token would have expired. */
export function revokedTokensRepository(db: Kysely<Database>): Store['revokedTokens'] {
  return {
    async add(jti, grantId, expiresAt, now) {
      await db
        .insertInto('revoked_tokens')
        .values({ jti, grant_id: grantId, expires_at: expiresAt, revoked_at: now })
        .onConflict((oc) => oc.column('jti').doNothing())
        .execute();
    },
    async isRevoked(jti) {
      const r = await db.selectFrom('revoked_tokens').select('jti').where('jti', '=', jti).executeTakeFirst();
      return r !== undefined;
    },
  };
}
