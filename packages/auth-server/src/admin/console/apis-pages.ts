import { Router, type Request, type Response } from 'express';
import { AdminError } from '../admin-error.js';
import type { ApiView } from '../services/api-view.js';
import { createApi, deleteApi, getApi, listApis, putApiScope, removeApiScope, rotateApiSecret, updateApi } from '../services/apis.js';
import type { ConsoleContext } from './console-context.js';
import { checked, text } from './form-fields.js';

const base = '/admin/apis';
/** The identifier, percent-encoded as one path segment: the same `id` as the admin API's /apis/:id. */
const href = (identifier: string, rest = '') => `${base}/${encodeURIComponent(identifier)}${rest}`;

/** `name=description` lines, as the create form takes scopes. */
const scopeLines = (body: unknown) =>
  text(body, 'scopes')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => ({ name: (l.includes('=') ? l.slice(0, l.indexOf('=')) : l).trim(), description: l.includes('=') ? l.slice(l.indexOf('=') + 1).trim() : '' }));

const ttlOf = (body: unknown): number | null => (text(body, 'access_token_ttl') ? Number(text(body, 'access_token_ttl')) : null);

/** APIs at /admin/apis: list, detail with its scopes, create, edit, rotate the introspection secret and delete behind a confirmation. */
export function apisPages(ctx: ConsoleContext): Router {
  const router = Router();
  const id = (req: Request) => String(req.params.id);
  const detail = async (res: Response, identifier: string, error: AdminError | null = null) => {
    const api = await getApi(ctx.svc, ctx.caller(res), identifier);
    ctx.render(res, 'api', { title: api.name, api, href, error: error?.message ?? null }, error?.status ?? 200);
  };
  const createForm = (res: Response, values: Record<string, unknown>, error: AdminError | null = null) =>
    ctx.render(res, 'api-form', { title: 'New API', values, error: error?.message ?? null }, error?.status ?? 200);
  const secretPage = (res: Response, identifier: string, secret: string, created: boolean) =>
    ctx.render(res, 'api-secret', { title: `Introspection secret of ${identifier}`, identifier, secret, created, detail: href(identifier) }, created ? 201 : 200);
  /** A change from the detail page: on a refusal the page shows it above the API as it is. */
  const change = (work: (req: Request, res: Response) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      await work(req, res);
      res.redirect(303, href(id(req)));
    } catch (err) {
      if (!(err instanceof AdminError) || err.status === 404) throw err;
      await detail(res, id(req), err);
    }
  };

  router.get('/', async (_req, res) => {
    ctx.render(res, 'apis', { title: 'APIs', apis: await listApis(ctx.svc, ctx.caller(res)), href });
  });

  router.get('/new', (_req, res) => createForm(res, { identifier: '', name: '', scopes: '', access_token_ttl: '', include_roles: false, introspection_secret: false }));
  router.post('/new', async (req, res) => {
    try {
      const { api, secret } = await createApi(ctx.svc, ctx.caller(res), {
        identifier: text(req.body, 'identifier'),
        name: text(req.body, 'name'),
        scopes: scopeLines(req.body),
        accessTokenTtl: ttlOf(req.body),
        includeRoles: checked(req.body, 'include_roles'),
        introspectionSecret: checked(req.body, 'introspection_secret'),
      });
      if (secret) return secretPage(res, api.identifier, secret, true);
      res.redirect(303, href(api.identifier));
    } catch (err) {
      if (!(err instanceof AdminError)) throw err;
      const values = Object.fromEntries(['identifier', 'name', 'scopes', 'access_token_ttl'].map((f) => [f, text(req.body, f)]));
      createForm(res, { ...values, include_roles: checked(req.body, 'include_roles'), introspection_secret: checked(req.body, 'introspection_secret') }, err);
    }
  });

  router.get('/:id', async (req, res) => detail(res, id(req)));
  router.post('/:id/edit', change((req, res) =>
    updateApi(ctx.svc, ctx.caller(res), id(req), { name: text(req.body, 'name'), accessTokenTtl: ttlOf(req.body), includeRoles: checked(req.body, 'include_roles') }),
  ));
  router.post('/:id/scopes', change((req, res) => putApiScope(ctx.svc, ctx.caller(res), id(req), { name: text(req.body, 'scope'), description: text(req.body, 'description') })));
  router.post('/:id/scopes/remove', change((req, res) => removeApiScope(ctx.svc, ctx.caller(res), id(req), text(req.body, 'scope'))));

  const confirmPage = (action: 'rotate-secret' | 'delete', page: (api: ApiView) => { title: string; message: string; label: string }) =>
    async (req: Request, res: Response) => {
      const api = await getApi(ctx.svc, ctx.caller(res), id(req));
      const { title, message, label } = page(api);
      ctx.confirm(res, { title, message, action: href(api.identifier, `/${action}`), confirmLabel: label, cancel: href(api.identifier) });
    };
  router.get('/:id/rotate-secret', confirmPage('rotate-secret', (api) => ({
    title: `New introspection secret for ${api.name}?`,
    message: 'A new secret is made and shown once. The current one stops working at once: the API cannot introspect tokens until it has the new one.',
    label: 'Rotate secret',
  })));
  router.post('/:id/rotate-secret', async (req, res) => {
    const { identifier, secret } = await rotateApiSecret(ctx.svc, ctx.caller(res), id(req));
    secretPage(res, identifier, secret, false);
  });
  router.get('/:id/delete', confirmPage('delete', (api) => ({
    title: `Delete ${api.name}?`,
    message: `Tokens for ${api.identifier} can no longer be requested. Refused while a client is allowed one of its scopes. This cannot be undone.`,
    label: 'Delete API',
  })));
  router.post('/:id/delete', async (req, res) => {
    await deleteApi(ctx.svc, ctx.caller(res), id(req));
    res.redirect(303, base);
  });
  return router;
}
