import type { Kysely, Transaction } from 'kysely';
import { accountTokensRepository } from './kysely/account-tokens.js';
import { cachedApis } from './cached-apis.js';
import { CLIENT_CACHE_MS, cachedClients } from './cached-clients.js';
import { accountsRepository } from './kysely/accounts.js';
import { apisRepository } from './kysely/apis.js';
import { auditRepository } from './kysely/audit.js';
import { authorizationCodesRepository } from './kysely/authorization-codes.js';
import { clientsRepository } from './kysely/clients.js';
import { consentsRepository } from './kysely/consents.js';
import { factorStores } from './kysely/factor-stores.js';
import { grantsRepository } from './kysely/grants.js';
import { interactionsRepository } from './kysely/interactions.js';
import { outboxRepository } from './kysely/outbox.js';
import { purgeExpired } from './kysely/purge.js';
import { refreshTokensRepository } from './kysely/refresh-tokens.js';
import { revokedTokensRepository } from './kysely/revoked-tokens.js';
import { sessionsRepository } from './kysely/sessions.js';
import { signingKeysRepository } from './kysely/signing-keys.js';
import { statsRepository } from './kysely/stats.js';
import { unknownLoginsRepository } from './kysely/unknown-logins.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

/** The one store implementation; `engine` only labels which dialect `db` speaks. */
export function createKyselyStore(db: Kysely<Database>, engine: Store['engine'], opts: { clientCacheMs?: number } = {}): Store {
  const clientCacheMs = opts.clientCacheMs ?? CLIENT_CACHE_MS;
  const refreshTokens = refreshTokensRepository(db);
  const store: Store = {
    engine,
    accounts: accountsRepository(db),
    // Inside a transaction reads go to the database: the transaction may have written them. (Client
    // writes made inside a transaction reach other stores' caches within CLIENT_CACHE_MS, like another instance's.)
    clients: db.isTransaction || clientCacheMs === 0 ? clientsRepository(db) : cachedClients(clientsRepository(db), clientCacheMs),
    // Same rule and lifetime as the clients: registrations, read on every token request.
    apis: db.isTransaction || clientCacheMs === 0 ? apisRepository(db) : cachedApis(apisRepository(db), clientCacheMs),
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
    stats: statsRepository(db),
    accountTokens: accountTokensRepository(db),
    outbox: outboxRepository(db),
    ...factorStores(db),
    purgeExpired: (now, opts) => purgeExpired(db, engine, now, opts),
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
