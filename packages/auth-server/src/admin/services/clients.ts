import { loadRegistry } from '../../apis/registry.js';
import { checkClientId, checkClientShape, defaultScopes, type ClientShape } from '../../clients/client-rules.js';
import { generateClientSecret, hashClientSecret } from '../../clients/client-secret.js';
import { outboundPolicy } from '../../security/outbound-address.js';
import { DuplicateError, type Store } from '../../store/types.js';
import type { Client } from '../../clients/client.js';
import { recordAdminEvent } from './admin-event.js';
import { Conflict, InvalidInput, NotFound } from '../admin-error.js';
import type { Caller, ServiceContext } from '../service-context.js';
import { isSelfRegistered } from '../register-admin.js';
import { clientSummary, clientView, type ClientSummary, type ClientView } from './client-view.js';

type Svc = Pick<ServiceContext, 'store' | 'clock' | 'config'>;

export interface ClientInput {
  clientId: string;
  name: string;
  redirectUris?: string[] | undefined;
  postLogoutRedirectUris?: string[] | undefined;
  backchannelLogoutUri?: string | null | undefined;
  /** Default: authorization_code and refresh_token. */
  grantTypes?: string[] | undefined;
  /** Default: the OpenID Connect scopes the grant types use. */
  scopes?: string[] | undefined;
  isPublic?: boolean | undefined;
  firstParty?: boolean | undefined;
  /** false: PKCE optional (confidential clients only; nonce then required). */
  pkceRequired?: boolean | undefined;
  requireVerifiedEmail?: boolean | undefined;
  requireMfa?: boolean | undefined;
}

/** Everything but the id and the type (public or confidential), which a client keeps for life. */
export type ClientUpdate = Partial<Omit<ClientInput, 'clientId' | 'isPublic'>>;

const DEFAULT_GRANTS = ['authorization_code', 'refresh_token'];

const record = (svc: Svc, caller: Caller, type: string, clientId: string, detail: Record<string, unknown> = {}) =>
  recordAdminEvent(svc, caller, type, { clientId }, detail);

async function findClient(store: Pick<Store, 'clients'>, clientId: string): Promise<Client> {
  const client = await store.clients.findById(clientId);
  if (!client) throw new NotFound(`No client ${clientId}`);
  return client;
}

/** The server registers its console client itself and restores it at every start (admin/register-admin.ts). */
function refuseBuiltIn(svc: Svc, clientId: string): void {
  if (isSelfRegistered(svc.config, 'client', clientId)) throw new Conflict(`${clientId} is the server's own console client; it cannot be changed or deleted here`);
}

const checked = async (svc: Svc, shape: ClientShape) => {
  const { isPublic: _, ...fields } = checkClientShape(shape, await loadRegistry(svc.store, svc.config), outboundPolicy(svc.config));
  return fields;
};

/** A page of clients by id: those after `after`, at most `limit` (1 to 1000, default 100). */
export async function listClients(svc: Svc, _caller: Caller, input: { after?: string | undefined; limit?: number | undefined } = {}): Promise<{ items: ClientSummary[]; next: string | null }> {
  const limit = input.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new InvalidInput('limit must be 1 to 1000', 'limit');
  const rows = await svc.store.clients.list({ after: input.after, limit });
  return { items: rows.map(clientSummary), next: rows.length === limit ? rows.at(-1)!.clientId : null };
}

export async function getClient(svc: Svc, _caller: Caller, clientId: string): Promise<ClientView> {
  const client = await findClient(svc.store, clientId);
  return clientView(client, await svc.store.mfaRequirements.has('client', clientId), svc.clock());
}

/** Registers a client. A confidential client's secret is in this result only: the store keeps its hash. */
export async function createClient(svc: Svc, caller: Caller, input: ClientInput): Promise<{ client: ClientView; secret: string | null }> {
  const clientId = checkClientId(input.clientId);
  refuseBuiltIn(svc, clientId);
  const grantTypes = input.grantTypes?.length ? input.grantTypes : DEFAULT_GRANTS;
  const isPublic = input.isPublic ?? false;
  const fields = await checked(svc, {
    name: input.name,
    redirectUris: input.redirectUris ?? [],
    postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
    backchannelLogoutUri: input.backchannelLogoutUri ?? null,
    grantTypes,
    scopes: input.scopes?.length ? input.scopes : defaultScopes(grantTypes),
    firstParty: input.firstParty ?? false,
    isPublic,
    pkceRequired: input.pkceRequired ?? true,
  });
  const secret = isPublic ? null : generateClientSecret();
  const requireMfa = input.requireMfa ?? false;
  const client = await svc.store.transaction(async (tx) => {
    const created = await tx.clients
      .create({ clientId, ...fields, secretHash: secret && hashClientSecret(secret), requireVerifiedEmail: input.requireVerifiedEmail ?? false }, svc.clock())
      .catch((e: unknown) => {
        throw e instanceof DuplicateError ? new Conflict(`A client ${clientId} already exists`, 'client_id') : e;
      });
    await record({ ...svc, store: tx }, caller, 'client_created', clientId);
    if (requireMfa) {
      await tx.mfaRequirements.set('client', clientId, true, svc.clock());
      await record({ ...svc, store: tx }, caller, 'mfa_requirement_changed', clientId, { required: true });
    }
    return created;
  });
  return { client: clientView(client, requireMfa, svc.clock()), secret };
}

/** Applies a patch, re-checking the whole client so an update cannot break the rules. */
export async function updateClient(svc: Svc, caller: Caller, clientId: string, patch: ClientUpdate): Promise<ClientView> {
  refuseBuiltIn(svc, clientId);
  const { requireMfa, requireVerifiedEmail, ...shapePatch } = patch;
  const defined = Object.fromEntries(Object.entries(shapePatch).filter(([, v]) => v !== undefined));
  if (Object.keys(defined).length === 0 && requireMfa === undefined && requireVerifiedEmail === undefined) {
    throw new InvalidInput('Nothing to update: name at least one field');
  }
  const current = await findClient(svc.store, clientId);
  const fields = await checked(svc, { ...current, ...defined, isPublic: current.secretHash === null });
  const changed = [...Object.keys(defined), ...(requireVerifiedEmail === undefined ? [] : ['requireVerifiedEmail'])];
  const at = svc.clock();
  let updated = current;
  if (changed.length > 0) {
    updated = (await svc.store.clients.update(clientId, { ...fields, ...(requireVerifiedEmail !== undefined && { requireVerifiedEmail }) }, at)) ?? current;
    await record(svc, caller, 'client_updated', clientId, { fields: changed });
  }
  if (requireMfa !== undefined) {
    await svc.store.mfaRequirements.set('client', clientId, requireMfa, at);
    await record(svc, caller, 'mfa_requirement_changed', clientId, { required: requireMfa });
  }
  return clientView(updated, requireMfa ?? (await svc.store.mfaRequirements.has('client', clientId)), at);
}

/** The longest a replaced client secret may keep working. */
export const MAX_SECRET_GRACE_SECONDS = 7 * 24 * 3600;

/**
 * A new secret for a confidential client. By default the old one stops working at once (a leaked
 * secret). With `graceSeconds` it keeps working that long beside the new one, so the client's
 * deployments can switch without an outage; a secret replaced before that is not kept: only the
 * last rotation's grace applies.
 */
export async function rotateClientSecret(
  svc: Svc,
  caller: Caller,
  clientId: string,
  opts: { graceSeconds?: number | undefined } = {},
): Promise<{ clientId: string; secret: string; previousSecretExpiresAt: number | null }> {
  refuseBuiltIn(svc, clientId);
  const grace = opts.graceSeconds ?? 0;
  if (!Number.isInteger(grace) || grace < 0 || grace > MAX_SECRET_GRACE_SECONDS) {
    throw new InvalidInput(`graceSeconds must be a whole number from 0 to ${MAX_SECRET_GRACE_SECONDS} (7 days)`, 'graceSeconds');
  }
  const client = await findClient(svc.store, clientId);
  if (client.secretHash === null) throw new Conflict(`${clientId} is a public client: it has no secret`);
  const secret = generateClientSecret();
  const now = svc.clock();
  const previousSecretExpiresAt = grace > 0 ? now + grace * 1000 : null;
  // The write is announced (store/change-feed.ts): every instance drops its cached copy, so the old
  // secret fails at once, or when its grace ends.
  await svc.store.clients.update(
    clientId,
    { secretHash: hashClientSecret(secret), previousSecretHash: grace > 0 ? client.secretHash : null, previousSecretExpiresAt },
    now,
  );
  await record(svc, caller, 'client_secret_rotated', clientId, { graceSeconds: grace });
  return { clientId, secret, previousSecretExpiresAt };
}

/**
 * Deletes a client and everything that would let its tokens live on: its grants are revoked with
 * their refresh tokens, and the consents and MFA rule given to it are forgotten, so a client later
 * registered under the same id starts from nothing. Access tokens already issued stay valid until
 * they expire (they are self-contained JWTs, RFC 9068).
 */
export async function deleteClient(svc: Svc, caller: Caller, clientId: string): Promise<{ revokedGrants: number }> {
  refuseBuiltIn(svc, clientId);
  const result = await svc.store.transaction(async (tx) => {
    const at = svc.clock();
    if (!(await tx.clients.delete(clientId))) throw new NotFound(`No client ${clientId}`);
    const revokedGrants = await tx.grants.revokeByClient(clientId, at, 'client_deleted');
    await tx.consents.deleteByClient(clientId);
    await tx.mfaRequirements.set('client', clientId, false, at);
    await record({ ...svc, store: tx }, caller, 'client_deleted', clientId, { revokedGrants });
    return { revokedGrants };
  });
  return result;
}
