import { createAccount } from '../accounts/create-account.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import { DuplicateError, type Store } from '../store/types.js';
import type { NewApi } from '../apis/api.js';
import type { NewClient } from '../clients/client.js';
import { hashClientSecret } from '../clients/client-secret.js';

export interface SeedDeps {
  store: Store;
  clock: Clock;
  config: Config;
  logger: { info(obj: object, msg?: string): void };
}

const APP_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'notes:read', 'notes:write'];

/** The resource API of the demo: per-user notes; `/admin` needs the `admin` role, so its tokens carry roles. */
export const notesApi = (config: Pick<Config, 'resourceAudience'>): NewApi => ({
  identifier: config.resourceAudience,
  name: 'Notes API',
  scopes: [
    { name: 'notes:read', description: 'Read your notes' },
    { name: 'notes:write', description: 'Create and delete your notes' },
  ],
  accessTokenTtl: null,
  includeRoles: true,
  secretHash: null,
});

/** Registers the notes API, or brings it in line with the definition above (its secret is kept). */
export async function registerNotesApi(store: Store, config: Pick<Config, 'resourceAudience'>, now: number): Promise<void> {
  const { identifier, secretHash: _, ...fields } = notesApi(config);
  if (await store.apis.find(identifier)) await store.apis.update(identifier, fields, now);
  else await store.apis.create(notesApi(config), now).catch(ignoreDuplicate);
}

function demoClients(config: Config): (Omit<NewClient, 'secretHash'> & { secret: string })[] {
  const app = (clientId: string, name: string, url: string, secret: string) => ({
    clientId,
    name,
    secret,
    redirectUris: [`${url}/callback`],
    postLogoutRedirectUris: [`${url}/`],
    backchannelLogoutUri: `${url}/backchannel-logout`,
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: APP_SCOPES,
    firstParty: true,
  });
  return [
    app('demo-app-a', 'App A', config.demo.appAUrl, config.demo.appASecret),
    app('demo-app-b', 'App B', config.demo.appBUrl, config.demo.appBSecret),
    {
      clientId: 'demo-service',
      name: 'Demo Service',
      secret: 'dev-secret-service',
      redirectUris: [],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      grantTypes: ['client_credentials'],
      scopes: ['notes:read'],
      firstParty: true,
    },
  ];
}

/** Known demo passwords, listed in the README; they pass the password policy like any other. SEED_DEMO is refused in production. */
const DEMO_ACCOUNTS = [
  { username: 'demo', password: 'sunny-meadow-2026', email: 'demo@example.com', name: 'Demo User', roles: [] as string[] },
  { username: 'admin', password: 'granite-tower-2026', email: 'admin@example.com', name: 'Demo Admin', roles: ['admin'] },
];

/** Registers the demo API, clients and accounts. Idempotent: they are brought in line with config. */
export async function seedDemo({ store, clock, config, logger }: SeedDeps): Promise<void> {
  await registerNotesApi(store, config, clock());
  for (const { secret, ...client } of demoClients(config)) {
    const row = { ...client, secretHash: hashClientSecret(secret) };
    const { clientId, ...fields } = row;
    if (await store.clients.findById(clientId)) await store.clients.update(clientId, fields, clock());
    else await store.clients.create(row, clock()).catch(ignoreDuplicate); // another instance seeding at once
  }
  for (const { password, ...a } of DEMO_ACCOUNTS) {
    const existing = await store.accounts.findByUsername(a.username);
    if (existing) {
      const missing = a.roles.filter((r) => !existing.roles.includes(r));
      if (missing.length) await store.accounts.update(existing.id, { roles: [...existing.roles, ...missing] }, clock());
      continue;
    }
    await createAccount(store, clock(), { ...a, password }).catch(ignoreDuplicate);
  }
  await store.audit.record({ type: 'demo_seeded', accountId: null, clientId: null, ip: null, detail: null }, clock());
  logger.info({ apis: [config.resourceAudience], clients: demoClients(config).map((c) => c.clientId), accounts: DEMO_ACCOUNTS.map((a) => a.username) }, 'demo data seeded');
}

function ignoreDuplicate(err: unknown): void {
  if (!(err instanceof DuplicateError)) throw err;
}
