import type { Kysely, Selectable } from 'kysely';
import type { FactorStores } from '../types.js';
import type { Passkey } from '../../factors/passkeys/passkey.js';
import type { Database, PasskeysTable } from '../schema.js';
import { changed } from './query-helpers.js';
import { json, num, parse } from './rows.js';

const toPasskey = (r: Selectable<PasskeysTable>): Passkey => ({
  credentialId: r.credential_id,
  accountId: r.account_id,
  publicKey: r.public_key,
  counter: Number(r.counter),
  transports: parse<string[]>(r.transports),
  deviceType: r.device_type,
  backedUp: Number(r.backed_up) === 1,
  name: r.name,
  createdAt: Number(r.created_at),
  lastUsedAt: num(r.last_used_at),
});

/** WebAuthn credentials; the signature counter only moves forward. */
export function passkeysRepository(db: Kysely<Database>): FactorStores['passkeys'] {
  return {
    async create(p) {
      await db
        .insertInto('passkeys')
        .values({
          credential_id: p.credentialId,
          account_id: p.accountId,
          public_key: p.publicKey,
          counter: p.counter,
          transports: json(p.transports),
          device_type: p.deviceType,
          backed_up: p.backedUp ? 1 : 0,
          name: p.name,
          created_at: p.createdAt,
          last_used_at: p.lastUsedAt,
        })
        .execute();
    },
    async find(credentialId) {
      const r = await db.selectFrom('passkeys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
      return r && toPasskey(r);
    },
    async listByAccount(accountId) {
      return (await db.selectFrom('passkeys').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute()).map(toPasskey);
    },
    async recordUse(credentialId, from, to, now) {
      const r = await db
        .updateTable('passkeys')
        .set({ counter: to, last_used_at: now })
        .where('credential_id', '=', credentialId)
        .where('counter', '=', from)
        .executeTakeFirst();
      return changed(r) === 1;
    },
    async rename(accountId, credentialId, name) {
      const r = await db.updateTable('passkeys').set({ name }).where('credential_id', '=', credentialId).where('account_id', '=', accountId).executeTakeFirst();
      return changed(r) === 1;
    },
    async delete(accountId, credentialId) {
      const r = await db.deleteFrom('passkeys').where('credential_id', '=', credentialId).where('account_id', '=', accountId).executeTakeFirst();
      return changed(r) === 1;
    },
    async deleteAll(accountId) {
      return changed(await db.deleteFrom('passkeys').where('account_id', '=', accountId).executeTakeFirst());
    },
  };
}

export function webauthnChallengesRepository(db: Kysely<Database>): FactorStores['webauthnChallenges'] {
  return {
    async create(c) {
      await db
        .insertInto('webauthn_challenges')
        .values({ challenge: c.challenge, purpose: c.purpose, account_id: c.accountId, expires_at: c.expiresAt })
        .execute();
    },
    async take(challenge, now) {
      const r = await db.deleteFrom('webauthn_challenges').where('challenge', '=', challenge).returningAll().executeTakeFirst();
      if (!r || Number(r.expires_at) <= now) return undefined;
      return { challenge: r.challenge, purpose: r.purpose as 'register' | 'authenticate', accountId: r.account_id, expiresAt: Number(r.expires_at) };
    },
  };
}
