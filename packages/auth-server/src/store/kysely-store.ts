import type { Kysely, Transaction } from 'kysely';
import { accountTokensRepository } from './kysely/account-tokens.js';
import { announceApiWrites, announceClientWrites, announceKeyWrites } from './announce-writes.js';
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
import { localChangeFeed, type Change, type ChangeFeed } from './change-feed.js';
import type { Database } from './schema.js';
import type { Store } from './types.js';

/**
 * The one store implementation; `engine` only labels which dialect `db` speaks. `changes` carries
 * what cached data the writes change to every instance (PostgreSQL) or to this process (SQLite).
 */
export function createKyselyStore(
  db: Kysely<Database>,
  engine: Store['engine'],
  opts: { clientCacheMs?: number; changes?: ChangeFeed } = {},
): Store {
  const clientCacheMs = opts.clientCacheMs ?? CLIENT_CACHE_MS;
  const changes = opts.changes ?? localChangeFeed();
  const announce = (change: Change) => changes.announce(change);
  const refreshTokens = refreshTokensRepository(db);
  const clients = announceClientWrites(clientsRepository(db), announce);
  const apis = announceApiWrites(apisRepository(db), announce);
  const store: Store = {
    engine,
    accounts: accountsRepository(db, engine),
    // Inside a transaction reads go to the database: the transaction may have written them.
    clients: db.isTransaction || clientCacheMs === 0 ? clients : cachedClients(clients, changes, clientCacheMs),
    // Same rule and lifetime as the clients: registrations, read on every token request.
    apis: db.isTransaction || clientCacheMs === 0 ? apis : cachedApis(apis, changes, clientCacheMs),
    keys: announceKeyWrites(signingKeysRepository(db), announce),
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
      // Changes made inside are announced once committed: before, another instance re-reading would
      // find the old rows; after a rollback there is nothing to announce.
      const pending = new Map<string, Change>();
      const inside: ChangeFeed = {
        announce: (change) => Promise.resolve(void pending.set(JSON.stringify(change), change)),
        subscribe: changes.subscribe,
        close: () => Promise.resolve(),
      };
      const result = await db.transaction().execute((trx: Transaction<Database>) => work(createKyselyStore(trx, engine, { changes: inside })));
      for (const change of pending.values()) await changes.announce(change);
      return result;
    },
    async ping() {
      await db.selectFrom('accounts').select('id').limit(1).execute();
    },
    changes,
    async close() {
      await changes.close();
      await db.destroy();
    },
  };
  return store;
}
