import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Store } from '../types.js';
import { unique, changed } from './query-helpers.js';
import { json, toKey } from './rows.js';

/** Signing keys: all instances read the same rows, so they sign and publish alike. */
export function signingKeysRepository(db: Kysely<Database>): Store['keys'] {
  return {
    async insert(k) {
      await unique('key', () =>
        db
          .insertInto('signing_keys')
          .values({
            kid: k.kid,
            alg: k.alg,
            public_jwk: json(k.publicJwk),
            private_jwk: k.sealedPrivateKey,
            created_at: k.createdAt,
            active_from: k.activeFrom,
            retired_at: k.retiredAt,
            expires_at: k.expiresAt,
            verify_until: k.verifyUntil ?? null,
          })
          .execute(),
      );
    },
    async list() {
      return (await db.selectFrom('signing_keys').selectAll().orderBy('active_from', 'desc').execute()).map(toKey);
    },
    async retire(kid, retiredAt, expiresAt, verifyUntil, now) {
      await db
        .updateTable('signing_keys')
        .set({ retired_at: retiredAt, expires_at: expiresAt, verify_until: verifyUntil ?? expiresAt })
        .where('kid', '=', kid)
        .where((eb) => (now === undefined ? eb('retired_at', 'is', null) : eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', now)])))
        .execute();
    },
    async deleteExpired(now) {
      // Unpublished keys sign nothing again: only their public half is still needed, for hints.
      await db.updateTable('signing_keys').set({ private_jwk: '' }).where('expires_at', '<=', now).where('private_jwk', '<>', '').execute();
      const gone = await db
        .deleteFrom('signing_keys')
        .where((eb) => eb.or([eb('verify_until', '<=', now), eb.and([eb('verify_until', 'is', null), eb('expires_at', '<=', now)])]))
        .executeTakeFirst();
      return changed(gone);
    },
  };
}
