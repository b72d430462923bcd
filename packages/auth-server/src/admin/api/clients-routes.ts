import { z } from 'zod';
import type { ClientSummary, ClientView } from '../services/client-view.js';
import { createClient, deleteClient, getClient, listClients, rotateClientSecret, updateClient } from '../services/clients.js';
import { defineRoute, type AdminRoute } from './admin-route.js';

const iso = (ms: number) => new Date(ms).toISOString();
const uris = z.array(z.string().max(2048)).max(50);

// Client metadata names as in RFC 7591 §2 / OpenID Connect Dynamic Client Registration.
const summarySchema = z.object({
  client_id: z.string(),
  name: z.string(),
  type: z.enum(['public', 'confidential']),
  grant_types: z.array(z.string()),
  first_party: z.boolean().describe('No consent screen'),
});

const clientSchema = summarySchema
  .extend({
    redirect_uris: z.array(z.string()),
    post_logout_redirect_uris: z.array(z.string()),
    backchannel_logout_uri: z.string().nullable(),
    scopes: z.array(z.string()),
    pkce_required: z.boolean(),
    require_verified_email: z.boolean(),
    require_mfa: z.boolean(),
    created_at: z.string().describe('ISO 8601 time'),
    updated_at: z.string().describe('ISO 8601 time'),
  })
  .describe('A registered client; its secret is never shown after creation or rotation');

const summaryJson = (c: ClientSummary) => ({ client_id: c.clientId, name: c.name, type: c.type, grant_types: c.grantTypes, first_party: c.firstParty });
const clientJson = (c: ClientView) => ({
  ...summaryJson(c),
  redirect_uris: c.redirectUris,
  post_logout_redirect_uris: c.postLogoutRedirectUris,
  backchannel_logout_uri: c.backchannelLogoutUri,
  scopes: c.scopes,
  pkce_required: c.pkceRequired,
  require_verified_email: c.requireVerifiedEmail,
  require_mfa: c.requireMfa,
  created_at: iso(c.createdAt),
  updated_at: iso(c.updatedAt),
});

const changeable = {
  name: z.string().max(200),
  redirect_uris: uris,
  post_logout_redirect_uris: uris,
  backchannel_logout_uri: z.string().max(2048).nullable(),
  grant_types: z.array(z.string().max(64)).max(10),
  scopes: z.array(z.string().max(64)).max(100),
  first_party: z.boolean(),
  pkce_required: z.boolean().describe('false: PKCE optional, confidential clients only'),
  require_verified_email: z.boolean(),
  require_mfa: z.boolean(),
};

const createBody = z.strictObject({
  client_id: z.string().max(64),
  ...changeable,
  public: z.boolean().optional().describe('A public client (PKCE, no secret)'),
}).partial({ redirect_uris: true, post_logout_redirect_uris: true, backchannel_logout_uri: true, grant_types: true, scopes: true, first_party: true, pkce_required: true, require_verified_email: true, require_mfa: true });

const updateBody = z.strictObject(changeable).partial();

type Changes = Partial<z.output<typeof updateBody>>;
const changes = (b: Changes) => ({
  name: b.name,
  redirectUris: b.redirect_uris,
  postLogoutRedirectUris: b.post_logout_redirect_uris,
  backchannelLogoutUri: b.backchannel_logout_uri,
  grantTypes: b.grant_types,
  scopes: b.scopes,
  firstParty: b.first_party,
  pkceRequired: b.pkce_required,
  requireVerifiedEmail: b.require_verified_email,
  requireMfa: b.require_mfa,
});

const listQuery = z.strictObject({
  after: z.string().max(64).optional().describe('The last client_id of the previous page'),
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('1 to 1000, default 100'),
});

const secretOnce = 'Shown in this answer only: the server keeps a hash';

export const clientsRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/clients',
    scope: 'admin:read',
    operationId: 'listClients',
    summary: 'Registered clients by client_id, a page at a time',
    tag: 'clients',
    query: listQuery,
    response: { status: 200, description: 'One page; next is the after of the following page, null at the end', schema: z.object({ clients: z.array(summarySchema), next: z.string().nullable() }) },
    handle: async (req, svc) => {
      const page = await listClients(svc, req.caller, req.query);
      return { clients: page.items.map(summaryJson), next: page.next };
    },
  }),
  defineRoute({
    method: 'post',
    path: '/clients',
    scope: 'admin:write',
    operationId: 'createClient',
    summary: 'Register a client; a confidential one gets a secret, shown once',
    tag: 'clients',
    body: createBody,
    response: { status: 201, description: 'The client, with client_secret (null for a public client)', schema: clientSchema.extend({ client_secret: z.string().nullable().describe(secretOnce) }) },
    handle: async ({ body, caller }, svc) => {
      const { client, secret } = await createClient(svc, caller, { ...changes(body), clientId: body.client_id, name: body.name, isPublic: body.public });
      return { ...clientJson(client), client_secret: secret };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/clients/:id',
    scope: 'admin:read',
    operationId: 'getClient',
    summary: 'One client (never its secret)',
    tag: 'clients',
    response: { status: 200, description: 'The client', schema: clientSchema },
    handle: async (req, svc) => clientJson(await getClient(svc, req.caller, req.params.id!)),
  }),
  defineRoute({
    method: 'patch',
    path: '/clients/:id',
    scope: 'admin:write',
    operationId: 'updateClient',
    summary: 'Change a client; the whole client is checked again under the registration rules',
    tag: 'clients',
    body: updateBody,
    response: { status: 200, description: 'The client as it is now', schema: clientSchema },
    handle: async ({ params, body, caller }, svc) => clientJson(await updateClient(svc, caller, params.id!, changes(body))),
  }),
  defineRoute({
    method: 'post',
    path: '/clients/:id/rotate-secret',
    scope: 'admin:write',
    operationId: 'rotateClientSecret',
    summary: 'A new secret for a confidential client; the old one stops working at once',
    tag: 'clients',
    response: { status: 200, description: 'The new secret', schema: z.object({ client_id: z.string(), client_secret: z.string().describe(secretOnce) }) },
    handle: async ({ params, caller }, svc) => {
      const { clientId, secret } = await rotateClientSecret(svc, caller, params.id!);
      return { client_id: clientId, client_secret: secret };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/clients/:id',
    scope: 'admin:write',
    operationId: 'deleteClient',
    summary: 'Delete a client: its grants and refresh tokens are revoked, consents to it forgotten',
    tag: 'clients',
    response: { status: 200, description: 'How many grants were revoked', schema: z.object({ client_id: z.string(), revoked_grants: z.number() }) },
    handle: async ({ params, caller }, svc) => ({ client_id: params.id!, revoked_grants: (await deleteClient(svc, caller, params.id!)).revokedGrants }),
  }),
];
