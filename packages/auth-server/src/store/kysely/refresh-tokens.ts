import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import { compiledOnce } from './compiled-once.js';
import { findRefreshRedemption } from './refresh-redemption.js';
import { toRefresh } from './rows.js';

// Both run on every refresh, inside its transaction: compiled once (compiled-once.ts).
const insertQuery = compiledOnce(
  (db: Kysely<Database>, tokenHash: string, grantId: string, clientId: string, accountId: string, scope: string, createdAt: number, expiresAt: number) =>
    db.insertInto('refresh_tokens').values({
      token_hash: tokenHash,
      grant_id: grantId,
      client_id: clientId,
      account_id: accountId,
      scope,
      created_at: createdAt,
      expires_at: expiresAt,
      rotated_at: null,
      revoked_at: null,
    }),
  7,
);
const rotateQuery = compiledOnce(
  (db: Kysely<Database>, now: number, tokenHash: string) =>
    db
      .updateTable('refresh_tokens')
      .set({ rotated_at: now })
      .where('token_hash', '=', tokenHash)
      .where('rotated_at', 'is', null)
      .where('revoked_at', 'is', null),
  2,
);

/** Refresh tokens (hashed), rotated at most once by a conditional UPDATE. */
export function refreshTokensRepository(db: Kysely<Database>): Store['refreshTokens'] {
  return {
    async create(t) {
      await insertQuery(db, t.tokenHash, t.grantId, t.clientId, t.accountId, t.scope, t.createdAt, t.expiresAt);
    },
    async find(tokenHash) {
      const r = await db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return r && toRefresh(r);
    },
    findRedemption: (tokenHash) => findRefreshRedemption(db, tokenHash),
    async rotate(tokenHash, now) {
      return Number((await rotateQuery(db, now, tokenHash)).numAffectedRows ?? 0n) === 1;
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
