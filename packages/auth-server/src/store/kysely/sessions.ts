import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import { toSession } from './rows.js';

/** The auth server's browser sessions and the clients each one reached. */
export function sessionsRepository(db: Kysely<Database>): Store['sessions'] {
  return {
    async create(s) {
      await db
        .insertInto('sessions')
        .values({
          id_hash: s.idHash,
          sid: s.sid,
          account_id: s.accountId,
          auth_time: s.authTime,
          created_at: s.createdAt,
          last_seen_at: s.lastSeenAt,
          expires_at: s.expiresAt,
          user_agent: s.userAgent,
          ip: s.ip,
          ended_at: null,
        })
        .execute();
      return { ...s, endedAt: null };
    },
    async findByIdHash(idHash) {
      const r = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
      return r && toSession(r);
    },
    async findBySid(sid) {
      const r = await db.selectFrom('sessions').selectAll().where('sid', '=', sid).executeTakeFirst();
      return r && toSession(r);
    },
    async renew(sid, idHash, authTime, expiresAt) {
      await db
        .updateTable('sessions')
        .set({ id_hash: idHash, auth_time: authTime, last_seen_at: authTime, expires_at: expiresAt })
        .where('sid', '=', sid)
        .execute();
    },
    async touch(idHash, lastSeenAt, expiresAt) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
        .where('id_hash', '=', idHash)
        .execute();
    },
    async end(sid, now) {
      await db.updateTable('sessions').set({ ended_at: now }).where('sid', '=', sid).where('ended_at', 'is', null).execute();
    },
    async listActiveByAccount(accountId, now) {
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('last_seen_at', 'desc')
        .execute();
      return rows.map(toSession);
    },
    async addClient(sid, clientId, now) {
      await db
        .insertInto('session_clients')
        .values({ sid, client_id: clientId, first_at: now })
        .onConflict((oc) => oc.columns(['sid', 'client_id']).doNothing())
        .execute();
    },
    async listClients(sid) {
      const rows = await db.selectFrom('session_clients').select('client_id').where('sid', '=', sid).orderBy('first_at').execute();
      return rows.map((r) => r.client_id);
    },
  };
}
