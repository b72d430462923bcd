import { checkApiShape, checkScope, checkScopeOwner, type ApiShape } from '../../apis/api-rules.js';
import { loadRegistry } from '../../apis/registry.js';
import { generateClientSecret, hashClientSecret } from '../../clients/client-secret.js';
import { DuplicateError } from '../../store/types.js';
import type { Api, ApiScope } from '../../apis/api.js';
import { recordAdminEvent } from './admin-event.js';
import { Conflict, InvalidInput, NotFound } from '../admin-error.js';
import type { Caller, ServiceContext } from '../service-context.js';
import { apiView, clientsUsing, type ApiView } from './api-view.js';
import { isSelfRegistered } from '../register-admin.js';

type Svc = Pick<ServiceContext, 'store' | 'clock' | 'config'>;

export type ApiInput = Pick<ApiShape, 'identifier' | 'name' | 'scopes'> & {
  /** Seconds; null or absent: the server's ACCESS_TOKEN_TTL. */
  accessTokenTtl?: number | null | undefined;
  includeRoles?: boolean | undefined;
  /** Also give it introspection credentials (RFC 7662 §2.1), the secret shown once. */
  introspectionSecret?: boolean | undefined;
};
export type ApiUpdate = Partial<Pick<ApiShape, 'name' | 'scopes' | 'accessTokenTtl' | 'includeRoles'>>;

const record = (svc: Svc, caller: Caller, type: string, api: string, detail: Record<string, unknown> = {}) =>
  recordAdminEvent(svc, caller, type, {}, { api, ...detail });

const isBuiltIn = (svc: Svc, identifier: string) => isSelfRegistered(svc.config, 'api', identifier);
const view = (svc: Svc, a: Api) => apiView(a, isBuiltIn(svc, a.identifier));

async function findApi(svc: Svc, identifier: string): Promise<Api> {
  const api = await svc.store.apis.find(identifier);
  if (!api) throw new NotFound(`No API ${identifier}`);
  return api;
}

/** The admin API is the server's own: its scopes guard this very service, so it stays as registered. */
async function changeable(svc: Svc, identifier: string): Promise<Api> {
  const api = await findApi(svc, identifier);
  if (isBuiltIn(svc, identifier)) throw new Conflict(`${identifier} is the server's own admin API; it cannot be changed or deleted`);
  return api;
}

async function refuseInUse(svc: Svc, scopes: string[], what: string): Promise<void> {
  const users = await clientsUsing(svc.store, scopes);
  if (users.length > 0) throw new Conflict(`Clients still use ${what}: ${users.join(', ')}; remove the scopes from them first`);
}

export async function listApis(svc: Svc, _caller: Caller): Promise<ApiView[]> {
  return (await svc.store.apis.list()).map((a) => view(svc, a));
}

export async function getApi(svc: Svc, _caller: Caller, identifier: string): Promise<ApiView> {
  return view(svc, await findApi(svc, identifier));
}

/** Registers an API (resource server): its identifier becomes the `aud` of tokens for it (RFC 8707). */
export async function createApi(svc: Svc, caller: Caller, input: ApiInput): Promise<{ api: ApiView; secret: string | null }> {
  const shape = checkApiShape(
    { identifier: input.identifier, name: input.name, scopes: input.scopes, accessTokenTtl: input.accessTokenTtl ?? null, includeRoles: input.includeRoles ?? false },
    await loadRegistry(svc.store, svc.config),
  );
  if (isBuiltIn(svc, shape.identifier)) throw new Conflict(`${shape.identifier} is the server's own admin API`, 'identifier');
  if (await svc.store.apis.find(shape.identifier)) throw new Conflict(`An API ${shape.identifier} already exists`, 'identifier');
  const secret = input.introspectionSecret ? generateClientSecret() : null;
  const api = await svc.store.apis.create({ ...shape, secretHash: secret && hashClientSecret(secret) }, svc.clock()).catch((e: unknown) => {
    throw e instanceof DuplicateError ? new Conflict(`${shape.identifier} or one of its scopes is already registered`, 'identifier') : e;
  });
  await record(svc, caller, 'api_created', api.identifier);
  return { api: view(svc, api), secret };
}

/** Applies a patch under the create rules; scopes a client still uses cannot be dropped. */
export async function updateApi(svc: Svc, caller: Caller, identifier: string, patch: ApiUpdate): Promise<ApiView> {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as ApiUpdate;
  if (Object.keys(defined).length === 0) throw new InvalidInput('Nothing to update: name at least one field');
  const current = await changeable(svc, identifier);
  const shape = checkApiShape({ ...current, ...defined }, await loadRegistry(svc.store, svc.config));
  const removed = current.scopes.map((s) => s.name).filter((n) => !shape.scopes.some((s) => s.name === n));
  await refuseInUse(svc, removed, removed.join(' '));
  const { identifier: _, ...fields } = shape;
  const updated = await svc.store.apis.update(identifier, fields, svc.clock());
  await record(svc, caller, 'api_updated', identifier, { fields: Object.keys(defined) });
  return view(svc, updated ?? current);
}

/** Adds a scope, or gives an existing one a new description. A scope name belongs to one API only. */
export async function putApiScope(svc: Svc, caller: Caller, identifier: string, scope: ApiScope): Promise<ApiView> {
  const current = await changeable(svc, identifier);
  const s = checkScope(scope);
  checkScopeOwner(s.name, identifier, await loadRegistry(svc.store, svc.config));
  const exists = current.scopes.some((c) => c.name === s.name);
  const scopes = exists ? current.scopes.map((c) => (c.name === s.name ? s : c)) : [...current.scopes, s];
  const updated = await svc.store.apis.update(identifier, { scopes }, svc.clock());
  await record(svc, caller, 'api_updated', identifier, { scope: s.name, change: exists ? 'described' : 'added' });
  return view(svc, updated ?? current);
}

export async function removeApiScope(svc: Svc, caller: Caller, identifier: string, name: string): Promise<ApiView> {
  const current = await changeable(svc, identifier);
  if (!current.scopes.some((s) => s.name === name)) throw new NotFound(`${identifier} has no scope ${name}`);
  if (current.scopes.length === 1) throw new Conflict(`${name} is the only scope of ${identifier}; an API keeps at least one`);
  await refuseInUse(svc, [name], name);
  const updated = await svc.store.apis.update(identifier, { scopes: current.scopes.filter((s) => s.name !== name) }, svc.clock());
  await record(svc, caller, 'api_updated', identifier, { scope: name, change: 'removed' });
  return view(svc, updated ?? current);
}

/** Credentials for /introspect (RFC 7662 §2.1): client_id = the identifier, this secret. The old one stops working at once. */
export async function rotateApiSecret(svc: Svc, caller: Caller, identifier: string): Promise<{ identifier: string; secret: string }> {
  await changeable(svc, identifier);
  const secret = generateClientSecret();
  await svc.store.apis.update(identifier, { secretHash: hashClientSecret(secret) }, svc.clock());
  await record(svc, caller, 'api_secret_rotated', identifier);
  return { identifier, secret };
}

/** Refused while a client is allowed one of its scopes: that client would name scopes nobody defines. */
export async function deleteApi(svc: Svc, caller: Caller, identifier: string): Promise<void> {
  const api = await changeable(svc, identifier);
  await refuseInUse(svc, api.scopes.map((s) => s.name), `scopes of ${identifier}`);
  await svc.store.apis.delete(identifier);
  await record(svc, caller, 'api_deleted', identifier);
}
