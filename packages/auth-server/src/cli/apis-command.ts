import { checkApiShape, type ApiShape } from '../apis/api-input.js';
import { loadRegistry } from '../apis/registry.js';
import type { Api, ApiPatch } from '../store/types.js';
import { iso, UsageError, type CliContext } from './cli-context.js';
import { generateClientSecret, hashClientSecret } from './client-secret.js';

async function findApi(ctx: CliContext, identifier: string): Promise<Api> {
  const api = await ctx.store.apis.find(identifier);
  if (!api) throw new UsageError(`No API ${identifier}`);
  return api;
}

export function describeApi(a: Api, ttlDefault: number): string[] {
  return [
    `identifier (aud):    ${a.identifier}`,
    `name:                ${a.name}`,
    `access-token TTL:    ${a.accessTokenTtl ?? `${ttlDefault} (server default)`} s`,
    `roles in tokens:     ${a.includeRoles ? 'yes' : 'no'}`,
    `introspection:       ${a.secretHash ? 'has a secret (client_id = the identifier)' : 'no credentials (apis rotate-secret)'}`,
    'scopes:',
    ...a.scopes.map((s) => `  ${s.name.padEnd(20)} ${s.description}`),
    `created / updated:   ${iso(a.createdAt)} / ${iso(a.updatedAt)}`,
  ];
}

/** Clients allowed any of `scopes`: removing those scopes would leave them pointing at nothing. */
async function clientsUsing(ctx: CliContext, scopes: string[]): Promise<string[]> {
  return (await ctx.store.clients.list()).filter((c) => c.scopes.some((s) => scopes.includes(s))).map((c) => c.clientId);
}

/** Registers an API (resource server): its identifier becomes the `aud` of tokens for it. */
export async function createApi(ctx: CliContext, input: ApiShape): Promise<Api> {
  const shape = checkApiShape(input, await loadRegistry(ctx.store, ctx.config));
  if (await ctx.store.apis.find(shape.identifier)) throw new UsageError(`An API ${shape.identifier} already exists`);
  const api = await ctx.store.apis.create({ ...shape, secretHash: null }, ctx.clock());
  await ctx.store.audit.record({ type: 'api_created', accountId: null, clientId: null, ip: null, detail: { api: api.identifier } }, ctx.clock());
  ctx.out.log(describeApi(api, ctx.config.ttl.accessToken).join('\n'));
  return api;
}

export async function updateApi(ctx: CliContext, identifier: string, patch: Omit<ApiPatch, 'secretHash'>): Promise<Api> {
  const current = await findApi(ctx, identifier);
  const shape = checkApiShape({ ...current, ...patch }, await loadRegistry(ctx.store, ctx.config));
  const removed = current.scopes.map((s) => s.name).filter((n) => !shape.scopes.some((s) => s.name === n));
  const users = await clientsUsing(ctx, removed);
  if (users.length > 0) throw new UsageError(`Clients still use ${removed.join(' ')}: ${users.join(', ')}; remove the scope from them first`);
  const { identifier: _, ...fields } = shape;
  const updated = await ctx.store.apis.update(identifier, fields, ctx.clock());
  await ctx.store.audit.record({ type: 'api_updated', accountId: null, clientId: null, ip: null, detail: { api: identifier, fields: Object.keys(patch) } }, ctx.clock());
  ctx.out.log(describeApi(updated!, ctx.config.ttl.accessToken).join('\n'));
  return updated!;
}

export async function deleteApi(ctx: CliContext, identifier: string): Promise<void> {
  const api = await findApi(ctx, identifier);
  const users = await clientsUsing(ctx, api.scopes.map((s) => s.name));
  if (users.length > 0) throw new UsageError(`Clients still use scopes of ${identifier}: ${users.join(', ')}; remove the scopes from them first`);
  await ctx.store.apis.delete(identifier);
  await ctx.store.audit.record({ type: 'api_deleted', accountId: null, clientId: null, ip: null, detail: { api: identifier } }, ctx.clock());
  ctx.out.log(`Deleted API ${identifier}`);
}

/** Credentials for /introspect (RFC 7662 §2.1): client_id = the identifier, this secret. Shown once. */
export async function rotateApiSecret(ctx: CliContext, identifier: string): Promise<string> {
  await findApi(ctx, identifier);
  const secret = generateClientSecret();
  await ctx.store.apis.update(identifier, { secretHash: hashClientSecret(secret) }, ctx.clock());
  await ctx.store.audit.record({ type: 'api_secret_rotated', accountId: null, clientId: null, ip: null, detail: { api: identifier } }, ctx.clock());
  ctx.out.log(`client_id:     ${identifier}\nclient_secret: ${secret}\n\nStore the secret now: it is shown only once. The API introspects tokens addressed to it with these.`);
  return secret;
}

export async function listApis(ctx: CliContext): Promise<void> {
  const apis = await ctx.store.apis.list();
  if (apis.length === 0) ctx.out.log('No APIs.');
  for (const a of apis) ctx.out.log(`${a.identifier}\t${a.name}\t${a.scopes.map((s) => s.name).join(' ')}`);
}

export async function showApi(ctx: CliContext, identifier: string): Promise<void> {
  ctx.out.log(describeApi(await findApi(ctx, identifier), ctx.config.ttl.accessToken).join('\n'));
}
