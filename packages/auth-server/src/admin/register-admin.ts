import { createHmac } from 'node:crypto';
import { hashClientSecret } from '../clients/client-secret.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { DuplicateError, type Store } from '../store/types.js';
import type { NewApi } from '../apis/api.js';
import type { NewClient } from '../clients/client.js';

export const ADMIN_SCOPES = ['admin:read', 'admin:write'] as const;
export const ADMIN_CONSOLE_CLIENT_ID = 'admin-console';
/** The path every self-registered admin API identifier ends with; an older issuer's one is replaced. */
const ADMIN_API_PATH = '/admin/api';

/** The `aud` of admin tokens (RFC 8707 resource indicator). */
export const adminApiIdentifier = (issuer: string): string => `${issuer}${ADMIN_API_PATH}`;
/**
 * What the server registers itself and brings back at every start: an operator's change or deletion
 * of these would be undone, so the clients and APIs services refuse them.
 */
export const isSelfRegistered = (config: Pick<Config, 'issuer'>, kind: 'client' | 'api', id: string): boolean =>
  kind === 'client' ? id === ADMIN_CONSOLE_CLIENT_ID : id === adminApiIdentifier(config.issuer);

export const adminConsoleRedirectUri = (issuer: string): string => `${issuer}/admin/callback`;

/**
 * The console's client secret: the same on every instance, never stored in clear. Derived from
 * COOKIE_SECRET (which every instance shares), so rotating that secret rotates this one at the
 * next start; the store keeps only its hash.
 */
export const adminConsoleSecret = (config: Pick<Config, 'cookieSecret'>): string =>
  createHmac('sha256', config.cookieSecret).update('sso admin-console client secret v1').digest('base64url');

export const adminApi = (config: Pick<Config, 'issuer'>): NewApi => ({
  identifier: adminApiIdentifier(config.issuer),
  name: 'admin',
  scopes: [
    { name: 'admin:read', description: 'Read users, clients, APIs, keys and the audit log' },
    { name: 'admin:write', description: 'Change them' },
  ],
  accessTokenTtl: null,
  // Tokens carry `roles` for the API's callers to see; the admin API itself checks the live role.
  includeRoles: true,
  secretHash: null,
});

export const adminConsoleClient = (config: Pick<Config, 'issuer' | 'cookieSecret'>): NewClient => ({
  clientId: ADMIN_CONSOLE_CLIENT_ID,
  name: 'Admin console',
  secretHash: hashClientSecret(adminConsoleSecret(config)),
  redirectUris: [adminConsoleRedirectUri(config.issuer)],
  postLogoutRedirectUris: [`${config.issuer}/admin`],
  backchannelLogoutUri: null,
  grantTypes: ['authorization_code'],
  scopes: ['openid', 'profile', ...ADMIN_SCOPES],
  firstParty: true,
  pkceRequired: true,
});

export interface AdminRegistrationDeps {
  store: Store;
  clock: Clock;
  config: Pick<Config, 'issuer' | 'cookieSecret'>;
  logger?: Pick<Logger, 'info'>;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** A concurrent start inserted the same row first: what we wanted exists. */
function ignoreDuplicate(err: unknown): void {
  if (!(err instanceof DuplicateError)) throw err;
}

async function registerApi({ store, clock, config, logger }: AdminRegistrationDeps): Promise<void> {
  const wanted = adminApi(config);
  const apis = await store.apis.list();
  const owner = apis.find((a) => a.scopes.some((s) => s.name === 'admin:read'));
  if (owner && owner.identifier !== wanted.identifier) {
    // Only our own registration under an earlier ISSUER is replaced; an operator's API is left alone.
    if (!owner.identifier.endsWith(ADMIN_API_PATH) || owner.name !== wanted.name) {
      throw new Error(`The scope admin:read belongs to the API ${owner.identifier}; rename its scopes so the admin API can register`);
    }
    logger?.info({ from: owner.identifier, to: wanted.identifier }, 'issuer changed: moving the admin API');
    // Not one transaction: the store's API cache sees writes made through it, not through `tx`. A
    // crash in between leaves no admin API, which the next start creates.
    await store.apis.delete(owner.identifier);
    return void (await store.apis.create(wanted, clock()).catch(ignoreDuplicate));
  }
  if (!owner) return void (await store.apis.create(wanted, clock()).catch(ignoreDuplicate));
  const names = owner.scopes.map((s) => `${s.name}=${s.description}`);
  if (!sameList(names, wanted.scopes.map((s) => `${s.name}=${s.description}`)) || !owner.includeRoles || owner.name !== wanted.name) {
    await store.apis.update(wanted.identifier, { name: wanted.name, scopes: wanted.scopes, includeRoles: true }, clock());
  }
}

async function registerConsoleClient({ store, clock, config }: AdminRegistrationDeps): Promise<void> {
  const { clientId, ...wanted } = adminConsoleClient(config);
  const current = await store.clients.findById(clientId);
  if (!current) return void (await store.clients.create({ clientId, ...wanted }, clock()).catch(ignoreDuplicate));
  const drifted =
    current.secretHash !== wanted.secretHash ||
    !sameList(current.redirectUris, wanted.redirectUris) ||
    !sameList(current.postLogoutRedirectUris, wanted.postLogoutRedirectUris) ||
    !sameList(current.grantTypes, wanted.grantTypes) ||
    !sameList(current.scopes, wanted.scopes) ||
    !current.firstParty ||
    !current.pkceRequired;
  // Brought in line on every start: a changed ISSUER or COOKIE_SECRET moves the redirect URIs and the secret.
  if (drifted) await store.clients.update(clientId, wanted, clock());
}

/**
 * The server registers what its admin console and admin API need: the `admin` API (audience
 * `${issuer}/admin/api`, scopes admin:read / admin:write) and the `admin-console` client.
 * Idempotent, and safe when several instances start at once.
 */
export async function ensureAdminRegistration(deps: AdminRegistrationDeps): Promise<void> {
  await registerApi(deps);
  await registerConsoleClient(deps);
}
