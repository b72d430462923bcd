import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import { changed, pageLimit, unique } from './query-helpers.js';
import { json, toClient } from './rows.js';

/** Registered clients; lists are stored as JSON text. */
export function clientsRepository(db: Kysely<Database>): Store['clients'] {
  const repo: Store['clients'] = {
    async create(c, now) {
      const row = {
        client_id: c.clientId,
        name: c.name,
        secret_hash: c.secretHash,
        redirect_uris: json(c.redirectUris),
        post_logout_redirect_uris: json(c.postLogoutRedirectUris),
        backchannel_logout_uri: c.backchannelLogoutUri,
        grant_types: json(c.grantTypes),
        scopes: json(c.scopes),
        first_party: c.firstParty ? 1 : 0,
        pkce_required: c.pkceRequired === false ? 0 : 1,
        require_verified_email: c.requireVerifiedEmail ? 1 : 0,
        previous_secret_hash: null,
        previous_secret_expires_at: null,
        created_at: now,
        updated_at: now,
      };
      await unique('client', () => db.insertInto('clients').values(row).execute());
      return toClient(row);
    },
    async findById(clientId) {
      const r = await db.selectFrom('clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
      return r && toClient(r);
    },
    async list(page = {}) {
      let q = db.selectFrom('clients').selectAll();
      if (page.after !== undefined) q = q.where('client_id', '>', page.after);
      return (await q.orderBy('client_id').limit(pageLimit(page)).execute()).map(toClient);
    },
    async update(clientId, p, now) {
      await db
        .updateTable('clients')
        .set({
          ...(p.name !== undefined && { name: p.name }),
          ...(p.secretHash !== undefined && { secret_hash: p.secretHash }),
          ...(p.redirectUris !== undefined && { redirect_uris: json(p.redirectUris) }),
          ...(p.postLogoutRedirectUris !== undefined && { post_logout_redirect_uris: json(p.postLogoutRedirectUris) }),
          ...(p.backchannelLogoutUri !== undefined && { backchannel_logout_uri: p.backchannelLogoutUri }),
          ...(p.grantTypes !== undefined && { grant_types: json(p.grantTypes) }),
          ...(p.scopes !== undefined && { scopes: json(p.scopes) }),
          ...(p.firstParty !== undefined && { first_party: p.firstParty ? 1 : 0 }),
          ...(p.pkceRequired !== undefined && { pkce_required: p.pkceRequired ? 1 : 0 }),
          ...(p.requireVerifiedEmail !== undefined && { require_verified_email: p.requireVerifiedEmail ? 1 : 0 }),
          ...(p.previousSecretHash !== undefined && { previous_secret_hash: p.previousSecretHash }),
          ...(p.previousSecretExpiresAt !== undefined && { previous_secret_expires_at: p.previousSecretExpiresAt }),
          updated_at: now,
        })
        .where('client_id', '=', clientId)
        .execute();
      return repo.findById(clientId);
    },
    async delete(clientId) {
      return changed(await db.deleteFrom('clients').where('client_id', '=', clientId).executeTakeFirst()) > 0;
    },
  };
  return repo;
}
