import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import { json, parse } from './rows.js';

/** Authorization requests parked while the user logs in or consents. */
export function interactionsRepository(db: Kysely<Database>): Store['interactions'] {
  return {
    async create(i) {
      await db
        .insertInto('interactions')
        .values({ id: i.id, client_id: i.clientId, params: json(i.params), created_at: i.createdAt, expires_at: i.expiresAt })
        .execute();
    },
    async find(id) {
      const r = await db.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirst();
      return (
        r && {
          id: r.id,
          clientId: r.client_id,
          params: parse<Record<string, string>>(r.params),
          createdAt: Number(r.created_at),
          expiresAt: Number(r.expires_at),
        }
      );
    },
    async delete(id) {
      await db.deleteFrom('interactions').where('id', '=', id).execute();
    },
  };
}
