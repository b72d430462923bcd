import type { Kysely, Transaction } from 'kysely';
import { accountTokensRepository } from './kysely/account-tokens.js';
import { accountsRepository } from './kysely/accounts.js';
import { apisRepository } from './kysely/apis.js';
import { auditRepository } from './kysely/audit.js';
import { authorizationCodesRepository } from './kysely/authorization-codes.js';
import { clientsRepository } from './kysely/clients.js';
import { consentsRepository } from './kysely/consents.js';
import { factorStores, purgeFactorRows } from './kysely/factor-stores.js';
import { grantsRepository } from './kysely/grants.js';
import { interactionsRepository } from './kysely/interactions.js';
import { outboxRepository } from './kysely/outbox.js';
import { refreshTokensRepository } from './kysely/refresh-tokens.js';
import { revokedTokensRepository } from './kysely/revoked-tokens.js';
import { sessionsRepository } from './kysely/sessions.js';
import { signingKeysRepository } from './kysely/signing-keys.js';
import { unknownLoginsRepository } from './kysely/unknown-logins.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

/** The one store implementation; `engine` only labels which dialect `db` speaks. */
export function createKyselyStore(db: Kysely<Database>, engine: Store['engine']): Store {
  const refreshTokens = refreshTokensRepository(db);
  const store: Store = {
    engine,
    accounts: accountsRepository(db),
    clients: clientsRepository(db),
    apis: apisRepository(db),
    keys: signingKeysRepository(db),
    sessions: sessionsRepository(db),
    interactions: interactionsRepository(db),
    codes: authorizationCodesRepository(db),
    grants: grantsRepository(db, refreshTokensRepository),
    refreshTokens,
    revokedTokens: revokedTokensRepository(db),
    consents: consentsRepository(db),
    unknownLogins: unknownLoginsRepository(db),
    audit: auditRepository(db),
    accountTokens: accountTokensRepository(db),
    outbox: outboxRepository(db),
    ...factorStores(db),
    async purgeExpired(now) {
      await db.deleteFrom('authorization_codes').where('expires_at', '<', now - 24 * 3600_000).execute();
      await db.deleteFrom('interactions').where('expires_at', '<', now).execute();
      await db.deleteFrom('revoked_tokens').where('expires_at', '<', now).execute();
      await db.deleteFrom('refresh_tokens').where('expires_at', '<', now).execute();
      // A grant past its absolute lifetime has no live refresh token and no live access token left.
      await db.deleteFrom('grants').where('expires_at', '<', now).execute();
      // Unknown-username counters idle for a day whose lock, if any, is over.
      await db
        .deleteFrom('unknown_login_failures')
        .where('updated_at', '<', now - 24 * 3600_000)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .execute();
      await db.deleteFrom('account_tokens').where('expires_at', '<', now - 24 * 3600_000).execute();
      // Delivered items are kept a week for `pnpm admin outbox`; failed ones stay until looked at.
      await db.deleteFrom('outbox').where('status', '=', 'sent').where('updated_at', '<', now - 7 * 24 * 3600_000).execute();
      const gone = db.selectFrom('sessions').select('sid').where('expires_at', '<', now);
      await db.deleteFrom('session_clients').where('sid', 'in', gone).execute();
      await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
      await purgeFactorRows(db, now);
    },
    async transaction(work) {
      if (db.isTransaction) return work(store);
      return db.transaction().execute((trx: Transaction<Database>) => work(createKyselyStore(trx, engine)));
    },
    async ping() {
      await db.selectFrom('accounts').select('id').limit(1).execute();
    },
    async close() {
      await db.destroy();
    },
  };
  return store;
}
