import { Router, type Request, type Response } from 'express';
import { AdminError } from '../admin-error.js';
import type { ClientView } from '../services/client-view.js';
import { createClient, deleteClient, getClient, listClients, rotateClientSecret, updateClient, type ClientUpdate } from '../services/clients.js';
import type { ConsoleContext } from './console-context.js';
import { checked, text, words } from './form-fields.js';

const base = '/admin/clients';
const href = (clientId: string, rest = '') => `${base}/${encodeURIComponent(clientId)}${rest}`;

/** The client form's fields as the services take them; every field is sent, unchecked boxes are off. */
const fromForm = (body: unknown): Required<Omit<ClientUpdate, 'backchannelLogoutUri'>> & { backchannelLogoutUri: string | null } => ({
  name: text(body, 'name'),
  redirectUris: words(body, 'redirect_uris'),
  postLogoutRedirectUris: words(body, 'post_logout_redirect_uris'),
  backchannelLogoutUri: text(body, 'backchannel_logout_uri') || null,
  grantTypes: words(body, 'grant_types'),
  scopes: words(body, 'scopes'),
  firstParty: checked(body, 'first_party'),
  pkceRequired: !checked(body, 'pkce_optional'),
  requireVerifiedEmail: checked(body, 'require_verified_email'),
  requireMfa: checked(body, 'require_mfa'),
});

const BLANK: Partial<ClientView> = { clientId: '', name: '', redirectUris: [], postLogoutRedirectUris: [], backchannelLogoutUri: null, grantTypes: ['authorization_code', 'refresh_token'], scopes: [], firstParty: false, pkceRequired: true, requireVerifiedEmail: false, requireMfa: false, type: 'confidential' };

/** Clients at /admin/clients: list, detail, create (secret shown once), edit, rotate and delete behind a confirmation. */
export function clientsPages(ctx: ConsoleContext): Router {
  const router = Router();
  const form = (res: Response, client: Partial<ClientView>, mode: 'create' | 'edit', error: AdminError | null = null) =>
    // `reg`, not `client`: EJS reads a `client` local as its own option (compile for the browser).
    ctx.render(res, 'client-form', { title: mode === 'create' ? 'New client' : `Edit ${String(client.clientId)}`, reg: client, mode, error: error?.message ?? null, field: error?.field ?? null }, error?.status ?? 200);
  /** The one page that shows a secret: never cached, never shown again. */
  const secretPage = (res: Response, clientId: string, secret: string, created: boolean, previousValidUntil: number | null = null) =>
    ctx.render(res, 'client-secret', { title: `Secret of ${clientId}`, clientId, secret, created, previousValidUntil, detail: href(clientId) }, created ? 201 : 200);
  const id = (req: Request) => String(req.params.id);

  router.get('/', async (req, res) => {
    const after = typeof req.query.after === 'string' ? req.query.after : undefined;
    const page = await listClients(ctx.svc, ctx.caller(res), { after, limit: 50 });
    ctx.render(res, 'clients', { title: 'Clients', clients: page.items, href, nextHref: page.next ? `${base}?after=${encodeURIComponent(page.next)}` : null });
  });

  router.get('/new', (_req, res) => form(res, BLANK, 'create'));
  router.post('/new', async (req, res) => {
    const input = { ...fromForm(req.body), clientId: text(req.body, 'client_id'), isPublic: checked(req.body, 'public') };
    try {
      const { client, secret } = await createClient(ctx.svc, ctx.caller(res), input);
      if (secret) return secretPage(res, client.clientId, secret, true);
      res.redirect(303, href(client.clientId));
    } catch (err) {
      if (!(err instanceof AdminError)) throw err;
      form(res, { ...input, type: input.isPublic ? 'public' : 'confidential' }, 'create', err);
    }
  });

  router.get('/:id', async (req, res) => {
    const client = await getClient(ctx.svc, ctx.caller(res), id(req));
    ctx.render(res, 'client', { title: client.name, reg: client, href });
  });

  router.get('/:id/edit', async (req, res) => form(res, await getClient(ctx.svc, ctx.caller(res), id(req)), 'edit'));
  router.post('/:id/edit', async (req, res) => {
    const patch = fromForm(req.body);
    try {
      await updateClient(ctx.svc, ctx.caller(res), id(req), patch);
      res.redirect(303, href(id(req)));
    } catch (err) {
      if (!(err instanceof AdminError) || err.status === 404) throw err;
      form(res, { ...(await getClient(ctx.svc, ctx.caller(res), id(req))), ...patch }, 'edit', err);
    }
  });

  router.get('/:id/rotate-secret', async (req, res) => {
    const client = await getClient(ctx.svc, ctx.caller(res), id(req));
    ctx.confirm(res, {
      title: `Rotate the secret of ${client.clientId}?`,
      message:
        'A new secret is made and shown once. Unless you keep it working for a while, the current secret stops working at once: the application fails to get tokens until it is given the new one. If the secret leaked, stop it at once.',
      action: href(client.clientId, '/rotate-secret'),
      choice: { name: 'graceSeconds', label: 'The current secret keeps working', options: GRACE_CHOICES },
      confirmLabel: 'Rotate secret',
      cancel: href(client.clientId),
    });
  });
  router.post('/:id/rotate-secret', async (req, res) => {
    // The service refuses anything but whole seconds within the limit (NaN included).
    const posted = (req.body as Record<string, unknown>).graceSeconds;
    const graceSeconds = posted === undefined ? undefined : Number(posted);
    const { clientId, secret, previousSecretExpiresAt } = await rotateClientSecret(ctx.svc, ctx.caller(res), id(req), { graceSeconds });
    secretPage(res, clientId, secret, false, previousSecretExpiresAt);
  });

  router.get('/:id/delete', async (req, res) => {
    const client = await getClient(ctx.svc, ctx.caller(res), id(req));
    ctx.confirm(res, {
      title: `Delete ${client.clientId}?`,
      message: 'The client is removed, its grants and refresh tokens are revoked and the consents given to it are forgotten. Access tokens already issued work until they expire. This cannot be undone.',
      action: href(client.clientId, '/delete'),
      confirmLabel: 'Delete client',
      cancel: href(client.clientId),
    });
  });
  router.post('/:id/delete', async (req, res) => {
    await deleteClient(ctx.svc, ctx.caller(res), id(req));
    res.redirect(303, base);
  });
  return router;
}

/** How long a rotated secret may keep working, as the console offers it (the API takes any value up to 7 days). */
const GRACE_CHOICES: [string, string][] = [
  ['0', 'no: it stops at once'],
  ['3600', 'for 1 hour'],
  ['86400', 'for 1 day'],
  ['604800', 'for 7 days'],
];
