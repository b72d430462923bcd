import { outboundPolicy } from '../security/outbound-address.js';
import { loadRegistry } from '../apis/registry.js';
import type { Client, ClientPatch } from '../store/types.js';
import { iso, UsageError, type CliContext } from './cli-context.js';
import { eachPage } from './paging.js';
import { checkClientShape, CLIENT_ID_PATTERN, defaultScopes, type ClientShape } from './client-input.js';
import { generateClientSecret, hashClientSecret } from './client-secret.js';

export interface NewClientInput {
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string | null;
  grantTypes?: string[];
  scopes?: string[];
  isPublic?: boolean;
  firstParty?: boolean;
  /** false: PKCE optional (confidential clients only; nonce then required). */
  pkceRequired?: boolean;
}

const DEFAULT_GRANTS = ['authorization_code', 'refresh_token'];

async function findClient(ctx: CliContext, clientId: string): Promise<Client> {
  const client = await ctx.store.clients.findById(clientId);
  if (!client) throw new UsageError(`No client ${clientId}`);
  return client;
}

export function describeClient(c: Client): string[] {
  return [
    `client_id:           ${c.clientId}`,
    `name:                ${c.name}`,
    `type:                ${c.secretHash === null ? 'public (PKCE, no secret)' : 'confidential (secret stored as a hash)'}`,
    `first party:         ${c.firstParty ? 'yes (no consent screen)' : 'no'}`,
    `PKCE:                ${c.pkceRequired ? 'required' : 'optional (weaker: nonce required without it)'}`,
    `verified e-mail:     ${c.requireVerifiedEmail ? 'required before sign-in' : 'not required'}`,
    `grant types:         ${c.grantTypes.join(' ')}`,
    `scopes:              ${c.scopes.join(' ')}`,
    `redirect URIs:       ${c.redirectUris.join(' ') || '-'}`,
    `post-logout URIs:    ${c.postLogoutRedirectUris.join(' ') || '-'}`,
    `back-channel logout: ${c.backchannelLogoutUri ?? '-'}`,
    `created / updated:   ${iso(c.createdAt)} / ${iso(c.updatedAt)}`,
  ];
}

/** Registers a client. A confidential client's secret is printed here once and never again. */
export async function createClient(ctx: CliContext, input: NewClientInput): Promise<{ client: Client; secret: string | null }> {
  if (!CLIENT_ID_PATTERN.test(input.clientId)) throw new UsageError('--id must be 3 to 64 characters: letters, digits, dot, dash, underscore');
  const grantTypes = input.grantTypes?.length ? input.grantTypes : DEFAULT_GRANTS;
  const shape = checkClientShape({
    name: input.name,
    redirectUris: input.redirectUris,
    postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
    backchannelLogoutUri: input.backchannelLogoutUri ?? null,
    grantTypes,
    scopes: input.scopes?.length ? input.scopes : defaultScopes(grantTypes),
    firstParty: input.firstParty ?? false,
    isPublic: input.isPublic ?? false,
    pkceRequired: input.pkceRequired ?? true,
  }, await loadRegistry(ctx.store, ctx.config), outboundPolicy(ctx.config));
  const secret = shape.isPublic ? null : generateClientSecret();
  const { isPublic: _, ...fields } = shape;
  const client = await ctx.store.clients.create({ clientId: input.clientId, ...fields, secretHash: secret && hashClientSecret(secret) }, ctx.clock());
  await ctx.store.audit.record({ type: 'client_created', accountId: null, clientId: client.clientId, ip: null, detail: { by: 'cli' } }, ctx.clock());
  ctx.out.log(describeClient(client).join('\n'));
  if (secret) ctx.out.log(`client_secret:       ${secret}\n\nStore the secret now: it is shown only once and cannot be recovered.`);
  return { client, secret };
}

/** Applies a patch, re-checking the whole client so an update cannot break the rules. */
export async function updateClient(ctx: CliContext, clientId: string, patch: Omit<ClientPatch, 'secretHash'>): Promise<Client> {
  const current = await findClient(ctx, clientId);
  const shape: ClientShape = checkClientShape({ ...current, ...patch, isPublic: current.secretHash === null }, await loadRegistry(ctx.store, ctx.config), outboundPolicy(ctx.config));
  const { isPublic: _, ...fields } = shape;
  const updated = await ctx.store.clients.update(clientId, fields, ctx.clock());
  await ctx.store.audit.record({ type: 'client_updated', accountId: null, clientId, ip: null, detail: { fields: Object.keys(patch) } }, ctx.clock());
  ctx.out.log(describeClient(updated!).join('\n'));
  return updated!;
}

/** A new secret replaces the old one at once; the old secret stops working immediately. */
export async function rotateClientSecret(ctx: CliContext, clientId: string): Promise<string> {
  const client = await findClient(ctx, clientId);
  if (client.secretHash === null) throw new UsageError(`${clientId} is a public client: it has no secret`);
  const secret = generateClientSecret();
  await ctx.store.clients.update(clientId, { secretHash: hashClientSecret(secret) }, ctx.clock());
  await ctx.store.audit.record({ type: 'client_secret_rotated', accountId: null, clientId, ip: null, detail: null }, ctx.clock());
  ctx.out.log(`client_secret: ${secret}\n\nStore the secret now: it is shown only once. The previous secret no longer works.`);
  return secret;
}

export async function deleteClient(ctx: CliContext, clientId: string): Promise<void> {
  if (!(await ctx.store.clients.delete(clientId))) throw new UsageError(`No client ${clientId}`);
  await ctx.store.audit.record({ type: 'client_deleted', accountId: null, clientId, ip: null, detail: null }, ctx.clock());
  ctx.out.log(`Deleted client ${clientId}`);
}

/** By client id, a store page at a time; `after` and `limit` show one slice. */
export async function listClients(ctx: CliContext, opts: { after?: string | undefined; limit?: number | undefined } = {}): Promise<void> {
  const shown = await eachPage((page) => ctx.store.clients.list(page), (c) => c.clientId, opts, (c) =>
    ctx.out.log(`${c.clientId}\t${c.secretHash === null ? 'public' : 'confidential'}\t${c.grantTypes.join(',')}\t${c.name}`),
  );
  if (shown === 0) ctx.out.log('No clients.');
}

export async function showClient(ctx: CliContext, clientId: string): Promise<void> {
  ctx.out.log(describeClient(await findClient(ctx, clientId)).join('\n'));
}
