import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import { changed } from './query-helpers.js';
import { toCode } from './rows.js';

/** Authorization codes, consumed at most once by a conditional UPDATE. */
export function authorizationCodesRepository(db: Kysely<Database>): Store['codes'] {
  return {
    async create(c) {
      await db
        .insertInto('authorization_codes')
        .values({
          code_hash: c.codeHash,
          grant_id: c.grantId,
          client_id: c.clientId,
          account_id: c.accountId,
          sid: c.sid,
          redirect_uri: c.redirectUri,
          scope: c.scope,
          nonce: c.nonce,
          code_challenge: c.codeChallenge,
          code_challenge_method: c.codeChallengeMethod,
          auth_time: c.authTime,
          created_at: c.createdAt,
          expires_at: c.expiresAt,
          consumed_at: null,
          resource: c.resource ?? null,
        })
        .execute();
    },
    async find(codeHash) {
      const r = await db.selectFrom('authorization_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
      return r && toCode(r);
    },
    async consume(codeHash, now) {
      const r = await db
        .updateTable('authorization_codes')
        .set({ consumed_at: now })
        .where('code_hash', '=', codeHash)
        .where('consumed_at', 'is', null)
        .executeTakeFirst();
      return changed(r) === 1;
    },
  };
}
