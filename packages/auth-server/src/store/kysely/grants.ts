import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import { toGrant } from './rows.js';

/** Grants: what a code exchange created; revoking one revokes its refresh tokens. */
/** `refreshTokens` revokes a grant's token family, so revoking the grant revokes its tokens. */
export function grantsRepository(db: Kysely<Database>, refreshTokens: Pick<Store['refreshTokens'], 'revokeByGrant'>): Store['grants'] {
  return {
    async create(g) {
      await db
        .insertInto('grants')
        .values({
          id: g.id,
          client_id: g.clientId,
          account_id: g.accountId,
          sid: g.sid,
          scope: g.scope,
          auth_time: g.authTime,
          created_at: g.createdAt,
          expires_at: g.expiresAt,
          revoked_at: null,
          revoked_reason: null,
          resource: g.resource ?? null,
        })
        .execute();
    },
    async find(id) {
      const r = await db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toGrant(r);
    },
    async revoke(id, now, reason) {
      await db
        .updateTable('grants')
        .set({ revoked_at: now, revoked_reason: reason })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
      await refreshTokens.revokeByGrant(id, now);
    },
    async listActiveByAccount(accountId, now) {
      const rows = await db
        .selectFrom('grants')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map(toGrant);
    },
    async listActiveBySid(sid, now) {
      const rows = await db
        .selectFrom('grants')
        .selectAll()
        .where('sid', '=', sid)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .execute();
      return rows.map(toGrant);
    },
  };
}
