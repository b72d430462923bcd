import { createAccount } from '../../auth-server/src/accounts/create-account.js';
import { hashClientSecret } from '../../auth-server/src/clients/client-secret.js';
import { registerNotesApi } from '../../auth-server/src/cli/seed.js';
import { openStore, type Store } from '../../auth-server/src/store/index.js';

/**
 * The bench's own client and account, so the figures do not hang on the demo seed (whose data
 * and rules change with the demo). Registered the way the admin CLI does it: hashed client secrets,
 * and an account through createAccount (password policy, argon2id with the server's settings).
 */
export const BENCH = {
  user: { username: 'bench-user', password: 'load-test-passphrase-2026' },
  app: { clientId: 'bench-app', secret: 'bench-app-secret-0000000000', redirectUri: 'http://127.0.0.1:9/callback' },
  service: { clientId: 'bench-service', secret: 'bench-service-secret-000000' },
} as const;

/** Writes the fixtures into the SQLite file of a stopped auth server. */
export async function registerBenchFixtures(sqlitePath: string): Promise<void> {
  const store = await openStore({ sqlitePath });
  try {
    await registerClients(store, Date.now());
    await createAccount(store, Date.now(), { ...BENCH.user });
  } finally {
    await store.close();
  }
}

/** The bench app and service clients, with hashed secrets. */
export async function registerClients(store: Store, now: number): Promise<void> {
  // The server's default RESOURCE_AUDIENCE: the notes API the bench clients' scopes belong to.
  await registerNotesApi(store, { resourceAudience: 'http://api.localhost:4001' }, now);
  const client = { postLogoutRedirectUris: [], backchannelLogoutUri: null, firstParty: true };
  await store.clients.create(
    {
      ...client,
      clientId: BENCH.app.clientId,
      name: 'Bench App',
      secretHash: hashClientSecret(BENCH.app.secret),
      redirectUris: [BENCH.app.redirectUri],
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile', 'offline_access', 'notes:read'],
    },
    now,
  );
  await store.clients.create(
    {
      ...client,
      clientId: BENCH.service.clientId,
      name: 'Bench Service',
      secretHash: hashClientSecret(BENCH.service.secret),
      redirectUris: [],
      grantTypes: ['client_credentials'],
      scopes: ['notes:read'],
    },
    now,
  );
}
