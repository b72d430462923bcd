import { z } from 'zod';
import type { ApiView } from '../services/api-view.js';
import { createApi, deleteApi, getApi, listApis, putApiScope, removeApiScope, rotateApiSecret, updateApi } from '../services/apis.js';
import { defineRoute, type AdminRoute } from './admin-route.js';

const iso = (ms: number) => new Date(ms).toISOString();
const isoTime = z.iso.datetime().describe('ISO 8601 time, UTC');

const scopeSchema = z.object({ name: z.string().max(64), description: z.string().max(200).describe('Shown on consent pages') });

const apiSchema = z
  .object({
    identifier: z.string().describe('The audience (aud) of its tokens and its RFC 8707 resource indicator'),
    name: z.string(),
    scopes: z.array(scopeSchema),
    accessTokenTtl: z.number().nullable().describe("Seconds; null: the server's ACCESS_TOKEN_TTL"),
    includeRoles: z.boolean(),
    hasIntrospectionSecret: z.boolean(),
    builtIn: z.boolean().describe('The admin API, registered by the server itself: read-only'),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .describe('A registered API (resource server); its introspection secret is never shown after it is made');

const apiJson = (a: ApiView): z.output<typeof apiSchema> => ({ ...a, createdAt: iso(a.createdAt), updatedAt: iso(a.updatedAt) });

const ttl = z.number().int().nullable().describe("Seconds (60 to 86400); null: the server's ACCESS_TOKEN_TTL");
const scopes = z.array(scopeSchema).min(1).max(100);
const createBody = z.strictObject({
  identifier: z.string().max(2048).describe('Absolute https URI (http only on loopback), no fragment'),
  name: z.string().max(200),
  scopes,
  accessTokenTtl: ttl.optional(),
  includeRoles: z.boolean().optional(),
  introspectionSecret: z.boolean().optional().describe('Also make introspection credentials (client_id = the identifier), the secret shown once'),
});
const updateBody = z.strictObject({ name: z.string().max(200), scopes, accessTokenTtl: ttl, includeRoles: z.boolean() }).partial();
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
    response: { status: 200, description: 'Every API', schema: z.object({ items: z.array(apiSchema) }) },
    handle: async (req, svc) => ({ items: (await listApis(svc, req.caller)).map(apiJson) }),
  }),
  defineRoute({
    method: 'post',
    path: '/apis',
    scope: 'admin:write',
    operationId: 'createApi',
    summary: 'Register an API: its identifier becomes the aud of tokens for it',
    tag: 'apis',
    body: createBody,
    response: { status: 201, description: 'The API, with introspectionSecret when asked for', schema: apiSchema.extend({ introspectionSecret: z.string().nullable().describe(secretOnce) }) },
    handle: async ({ body, caller }, svc) => {
      const { api, secret } = await createApi(svc, caller, {
        identifier: body.identifier,
        name: body.name,
        scopes: body.scopes,
        accessTokenTtl: body.accessTokenTtl,
        includeRoles: body.includeRoles,
        introspectionSecret: body.introspectionSecret,
      });
      return { ...apiJson(api), introspectionSecret: secret };
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
      apiJson(await updateApi(svc, caller, params.id!, { name: body.name, scopes: body.scopes, accessTokenTtl: body.accessTokenTtl, includeRoles: body.includeRoles })),
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
    response: { status: 200, description: 'clientId (the identifier) and the new secret, the client_id and client_secret of RFC 7662 introspection', schema: z.object({ clientId: z.string(), clientSecret: z.string().describe(secretOnce) }) },
    handle: async ({ params, caller }, svc) => {
      const { identifier, secret } = await rotateApiSecret(svc, caller, params.id!);
      return { clientId: identifier, clientSecret: secret };
    },
  }),
];
