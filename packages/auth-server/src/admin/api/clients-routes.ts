import { z } from 'zod';
import type { ClientSummary, ClientView } from '../services/client-view.js';
import { createClient, deleteClient, getClient, listClients, MAX_SECRET_GRACE_SECONDS, rotateClientSecret, updateClient } from '../services/clients.js';
import { defineRoute, type AdminRoute } from './admin-route.js';

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
const isoTime = z.iso.datetime().describe('ISO 8601 time, UTC');
const uris = z.array(z.string().max(2048)).max(50);

// The RFC 7591 §2 client metadata, in the admin API's camelCase (redirect_uris → redirectUris).
const summarySchema = z.object({
  clientId: z.string(),
  name: z.string(),
  type: z.enum(['public', 'confidential']),
  grantTypes: z.array(z.string()),
  firstParty: z.boolean().describe('No consent screen'),
});

const clientSchema = summarySchema
  .extend({
    redirectUris: z.array(z.string()),
    postLogoutRedirectUris: z.array(z.string()),
    backchannelLogoutUri: z.string().nullable(),
    scopes: z.array(z.string()),
    pkceRequired: z.boolean(),
    requireVerifiedEmail: z.boolean(),
    requireMfa: z.boolean(),
    previousSecretValidUntil: isoTime.nullable().describe('Until when the secret replaced by the last rotation still works; null: it does not'),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .describe('A registered client; its secret is never shown after creation or rotation');

const summaryJson = (c: ClientSummary): z.output<typeof summarySchema> => ({ clientId: c.clientId, name: c.name, type: c.type, grantTypes: c.grantTypes, firstParty: c.firstParty });
const clientJson = (c: ClientView): z.output<typeof clientSchema> => ({
  ...c,
  previousSecretValidUntil: isoOrNull(c.previousSecretValidUntil),
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
});

const rotateBody = z.strictObject({
  graceSeconds: z
    .number()
    .int()
    .min(0)
    .max(MAX_SECRET_GRACE_SECONDS)
    .optional()
    .describe('How long the old secret keeps working beside the new one (default 0: it stops at once; at most 7 days)'),
});

const changeable = {
  name: z.string().max(200),
  redirectUris: uris,
  postLogoutRedirectUris: uris,
  backchannelLogoutUri: z.string().max(2048).nullable(),
  grantTypes: z.array(z.string().max(64)).max(10),
  scopes: z.array(z.string().max(64)).max(100),
  firstParty: z.boolean(),
  pkceRequired: z.boolean().describe('false: PKCE optional, confidential clients only'),
  requireVerifiedEmail: z.boolean(),
  requireMfa: z.boolean(),
};

const createBody = z.strictObject({
  clientId: z.string().max(64),
  ...changeable,
  public: z.boolean().optional().describe('A public client (PKCE, no secret)'),
}).partial({ redirectUris: true, postLogoutRedirectUris: true, backchannelLogoutUri: true, grantTypes: true, scopes: true, firstParty: true, pkceRequired: true, requireVerifiedEmail: true, requireMfa: true });

const updateBody = z.strictObject(changeable).partial();

type Changes = Partial<z.output<typeof updateBody>>;
const changes = (b: Changes) => ({
  name: b.name,
  redirectUris: b.redirectUris,
  postLogoutRedirectUris: b.postLogoutRedirectUris,
  backchannelLogoutUri: b.backchannelLogoutUri,
  grantTypes: b.grantTypes,
  scopes: b.scopes,
  firstParty: b.firstParty,
  pkceRequired: b.pkceRequired,
  requireVerifiedEmail: b.requireVerifiedEmail,
  requireMfa: b.requireMfa,
});

const listQuery = z.strictObject({
  cursor: z.string().max(64).optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('1 to 1000, default 100'),
});

const secretOnce = 'Shown in this answer only: the server keeps a hash';

export const clientsRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/clients',
    scope: 'admin:read',
    operationId: 'listClients',
    summary: 'Registered clients in clientId order, a page at a time',
    tag: 'clients',
    query: listQuery,
    response: { status: 200, description: 'One page; nextCursor is null on the last one', schema: z.object({ items: z.array(summarySchema), nextCursor: z.string().nullable() }) },
    handle: async ({ query, caller }, svc) => {
      const page = await listClients(svc, caller, { after: query.cursor, limit: query.limit });
      return { items: page.items.map(summaryJson), nextCursor: page.next };
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
    response: { status: 201, description: 'The client, with clientSecret (null for a public client)', schema: clientSchema.extend({ clientSecret: z.string().nullable().describe(secretOnce) }) },
    handle: async ({ body, caller }, svc) => {
      const { client, secret } = await createClient(svc, caller, { ...changes(body), clientId: body.clientId, name: body.name, isPublic: body.public });
      return { ...clientJson(client), clientSecret: secret };
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
    summary: 'A new secret for a confidential client; the old one stops working at once, or after graceSeconds',
    tag: 'clients',
    body: rotateBody,
    response: {
      status: 200,
      description: 'The new secret',
      schema: z.object({
        clientId: z.string(),
        clientSecret: z.string().describe(secretOnce),
        previousSecretValidUntil: isoTime.nullable().describe('Until when the old secret still works; null: it stopped at once'),
      }),
    },
    handle: async ({ params, body, caller }, svc) => {
      const { clientId, secret, previousSecretExpiresAt } = await rotateClientSecret(svc, caller, params.id!, { graceSeconds: body.graceSeconds });
      return { clientId, clientSecret: secret, previousSecretValidUntil: isoOrNull(previousSecretExpiresAt) };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/clients/:id',
    scope: 'admin:write',
    operationId: 'deleteClient',
    summary: 'Delete a client: its grants and refresh tokens are revoked, consents to it forgotten',
    tag: 'clients',
    response: { status: 200, description: 'How many grants were revoked', schema: z.object({ clientId: z.string(), revokedGrants: z.number().int() }) },
    handle: async ({ params, caller }, svc) => ({ clientId: params.id!, revokedGrants: (await deleteClient(svc, caller, params.id!)).revokedGrants }),
  }),
];
