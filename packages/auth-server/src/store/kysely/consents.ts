import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import { json, parse } from './rows.js';

/** Consent per account and client. */
export function consentsRepository(db: Kysely<Database>): Store['consents'] {
  return {
    async upsert(accountId, clientId, scopes, now) {
      await db
        .insertInto('consents')
        .values({ account_id: accountId, client_id: clientId, scopes: json(scopes), created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(['account_id', 'client_id']).doUpdateSet({ scopes: json(scopes), updated_at: now }))
        .execute();
    },
    async find(accountId, clientId) {
      const r = await db
        .selectFrom('consents')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      return (
        r && {
          accountId: r.account_id,
          clientId: r.client_id,
          scopes: parse<string[]>(r.scopes),
          createdAt: Number(r.created_at),
          updatedAt: Number(r.updated_at),
        }
      );
    },
    async delete(accountId, clientId) {
      await db.deleteFrom('consents').where('account_id', '=', accountId).where('client_id', '=', clientId).execute();
    },
    async deleteByClient(clientId) {
      await db.deleteFrom('consents').where('client_id', '=', clientId).execute();
    },
    async listByAccount(accountId) {
      const rows = await db.selectFrom('consents').selectAll().where('account_id', '=', accountId).orderBy('client_id').execute();
      return rows.map((r) => ({
        accountId: r.account_id,
        clientId: r.client_id,
        scopes: parse<string[]>(r.scopes),
        createdAt: Number(r.created_at),
        updatedAt: Number(r.updated_at),
      }));
    },
  };
}
