import { z } from 'zod';
import type { ApiView } from '../services/api-view.js';
import { createApi, deleteApi, getApi, listApis, putApiScope, removeApiScope, rotateApiSecret, updateApi } from '../services/apis.js';
import { defineRoute, type AdminRoute } from './admin-route.js';

const iso = (ms: number) => new Date(ms).toISOString();

const scopeSchema = z.object({ name: z.string().max(64), description: z.string().max(200).describe('Shown on consent pages') });

const apiSchema = z
  .object({
    identifier: z.string().describe('The audience (aud) of its tokens and its RFC 8707 resource indicator'),
    name: z.string(),
    scopes: z.array(scopeSchema),
    access_token_ttl: z.number().nullable().describe("Seconds; null: the server's ACCESS_TOKEN_TTL"),
    include_roles: z.boolean(),
    has_introspection_secret: z.boolean(),
    built_in: z.boolean().describe('The admin API, registered by the server itself: read-only'),
    created_at: z.string().describe('ISO 8601 time'),
    updated_at: z.string().describe('ISO 8601 time'),
  })
  .describe('A registered API (resource server); its introspection secret is never shown after it is made');

const apiJson = (a: ApiView) => ({
  identifier: a.identifier,
  name: a.name,
  scopes: a.scopes,
  access_token_ttl: a.accessTokenTtl,
  include_roles: a.includeRoles,
  has_introspection_secret: a.hasIntrospectionSecret,
  built_in: a.builtIn,
  created_at: iso(a.createdAt),
  updated_at: iso(a.updatedAt),
});

const ttl = z.number().int().nullable().describe("Seconds (60 to 86400); null: the server's ACCESS_TOKEN_TTL");
const scopes = z.array(scopeSchema).min(1).max(100);
const createBody = z.strictObject({
  identifier: z.string().max(2048).describe('Absolute https URI (http only on loopback), no fragment'),
  name: z.string().max(200),
  scopes,
  access_token_ttl: ttl.optional(),
  include_roles: z.boolean().optional(),
  introspection_secret: z.boolean().optional().describe('Also make introspection credentials (client_id = the identifier), the secret shown once'),
});
const updateBody = z.strictObject({ name: z.string().max(200), scopes, access_token_ttl: ttl, include_roles: z.boolean() }).partial();
const secretOnce = 'Shown in this answer only: the server keeps a hash';

/**
 * `:id` is the API's identifier percent-encoded as one path segment (encodeURIComponent): the
 * identifier is the API's only name, and a URL, so this keeps one name everywhere.
 */
const ID_NOTE = ' (`id`: the identifier, percent-encoded)';

export const apisRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/apis',
    scope: 'admin:read',
    operationId: 'listApis',
    summary: 'Registered APIs with their scopes',
    tag: 'apis',
    response: { status: 200, description: 'Every API', schema: z.object({ apis: z.array(apiSchema) }) },
    handle: async (req, svc) => ({ apis: (await listApis(svc, req.caller)).map(apiJson) }),
  }),
  defineRoute({
    method: 'post',
    path: '/apis',
    scope: 'admin:write',
    operationId: 'createApi',
    summary: 'Register an API: its identifier becomes the aud of tokens for it',
    tag: 'apis',
    body: createBody,
    response: { status: 201, description: 'The API, with introspection_secret when asked for', schema: apiSchema.extend({ introspection_secret: z.string().nullable().describe(secretOnce) }) },
    handle: async ({ body, caller }, svc) => {
      const { api, secret } = await createApi(svc, caller, {
        identifier: body.identifier,
        name: body.name,
        scopes: body.scopes,
        accessTokenTtl: body.access_token_ttl,
        includeRoles: body.include_roles,
        introspectionSecret: body.introspection_secret,
      });
      return { ...apiJson(api), introspection_secret: secret };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/apis/:id',
    scope: 'admin:read',
    operationId: 'getApi',
    summary: `One API${ID_NOTE}`,
    tag: 'apis',
    response: { status: 200, description: 'The API', schema: apiSchema },
    handle: async ({ params, caller }, svc) => apiJson(await getApi(svc, caller, params.id!)),
  }),
  defineRoute({
    method: 'patch',
    path: '/apis/:id',
    scope: 'admin:write',
    operationId: 'updateApi',
    summary: `Change an API; scopes a client still uses cannot be dropped${ID_NOTE}`,
    tag: 'apis',
    body: updateBody,
    response: { status: 200, description: 'The API as it is now', schema: apiSchema },
    handle: async ({ params, body, caller }, svc) =>
      apiJson(await updateApi(svc, caller, params.id!, { name: body.name, scopes: body.scopes, accessTokenTtl: body.access_token_ttl, includeRoles: body.include_roles })),
  }),
  defineRoute({
    method: 'delete',
    path: '/apis/:id',
    scope: 'admin:write',
    operationId: 'deleteApi',
    summary: `Delete an API; refused (409) while a client is allowed one of its scopes${ID_NOTE}`,
    tag: 'apis',
    response: { status: 204, description: 'Deleted' },
    handle: async ({ params, caller }, svc) => deleteApi(svc, caller, params.id!),
  }),
  defineRoute({
    method: 'put',
    path: '/apis/:id/scopes/:scope',
    scope: 'admin:write',
    operationId: 'putApiScope',
    summary: `Add a scope or describe it anew; a scope name belongs to one API only (409)${ID_NOTE}`,
    tag: 'apis',
    body: z.strictObject({ description: z.string().max(200) }),
    response: { status: 200, description: 'The API as it is now', schema: apiSchema },
    handle: async ({ params, body, caller }, svc) => apiJson(await putApiScope(svc, caller, params.id!, { name: params.scope!, description: body.description })),
  }),
  defineRoute({
    method: 'delete',
    path: '/apis/:id/scopes/:scope',
    scope: 'admin:write',
    operationId: 'removeApiScope',
    summary: `Remove a scope no client uses${ID_NOTE}`,
    tag: 'apis',
    response: { status: 200, description: 'The API as it is now', schema: apiSchema },
    handle: async ({ params, caller }, svc) => apiJson(await removeApiScope(svc, caller, params.id!, params.scope!)),
  }),
  defineRoute({
    method: 'post',
    path: '/apis/:id/rotate-secret',
    scope: 'admin:write',
    operationId: 'rotateApiSecret',
    summary: `New introspection credentials (RFC 7662 §2.1); the old secret stops working at once${ID_NOTE}`,
    tag: 'apis',
    response: { status: 200, description: 'client_id (the identifier) and the new secret', schema: z.object({ client_id: z.string(), client_secret: z.string().describe(secretOnce) }) },
    handle: async ({ params, caller }, svc) => {
      const { identifier, secret } = await rotateApiSecret(svc, caller, params.id!);
      return { client_id: identifier, client_secret: secret };
    },
  }),
];
