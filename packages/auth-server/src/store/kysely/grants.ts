import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import { toGrant } from './rows.js';

type TokenFamilies = (db: Kysely<Database>) => Pick<Store['refreshTokens'], 'revokeByGrant'>;

/**
 * Grants: what a code exchange created. `families` revokes a grant's refresh-token family, so
 * revoking the grant revokes its tokens, in one transaction.
 */
export function grantsRepository(db: Kysely<Database>, families: TokenFamilies): Store['grants'] {
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
      const work = async (q: Kysely<Database>) => {
        await q
          .updateTable('grants')
          .set({ revoked_at: now, revoked_reason: reason })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .execute();
        await families(q).revokeByGrant(id, now);
      };
      await (db.isTransaction ? work(db) : db.transaction().execute(work));
    },
    async revokeByClient(clientId, now, reason) {
      // No index on grants.client_id: a full scan, acceptable for a rare administrative delete.
      const work = async (q: Kysely<Database>) => {
        await q
          .updateTable('refresh_tokens')
          .set({ revoked_at: now })
          .where('revoked_at', 'is', null)
          .where('grant_id', 'in', q.selectFrom('grants').select('id').where('client_id', '=', clientId).where('revoked_at', 'is', null))
          .execute();
        const r = await q
          .updateTable('grants')
          .set({ revoked_at: now, revoked_reason: reason })
          .where('client_id', '=', clientId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        return Number(r.numUpdatedRows);
      };
      return db.isTransaction ? work(db) : db.transaction().execute(work);
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
