import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { bearerChallenge, UnsupportedMediaType, type OAuthError } from '@sso/shared';
import type { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { toOAuthError } from '../../http/error-handler.js';
import type { Logger } from '../../logger.js';
import { AdminError, InvalidInput, NotFound } from '../admin-error.js';
import type { AdminRoute } from './admin-route.js';
import { authenticateAdmin, MalformedBearer, MissingScope } from './authenticate-admin.js';
import { buildOpenApi } from './openapi.js';
import { ADMIN_ROUTES } from './routes.js';

const REALM = 'admin';
const MAX_PARAM_LENGTH = 256;

/** 400 invalid_input naming the first field at fault; zod's messages never repeat the input. */
function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.join('.') : where;
  throw new InvalidInput(`${field}: ${issue?.message ?? 'invalid'}`, field);
}

function checkParams(params: Record<string, string>): void {
  for (const [name, value] of Object.entries(params)) {
    if (value.length > MAX_PARAM_LENGTH) throw new InvalidInput(`${name}: at most ${MAX_PARAM_LENGTH} characters`, name);
  }
}

/** `Content-Length: 0` (what fetch sends for a bodiless POST) is no body. */
const hasContent = (req: Request): boolean => req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;

function mount(router: Router, ctx: AppContext, route: AdminRoute): void {
  const handler: RequestHandler = async (req, res) => {
    const caller = await authenticateAdmin(ctx, req, route.scope);
    const raw = req.params as Record<string, string>;
    checkParams(raw);
    const params = route.params ? parse(route.params, raw, 'path') : raw;
    const query: unknown = route.query ? parse(route.query, req.query, 'query') : {};
    // A form or text body would reach the handler as something else than what was sent.
    if (route.body && hasContent(req) && !req.is('application/json')) throw new UnsupportedMediaType('Send the body as application/json');
    // Express 5 leaves req.body undefined without a body; an operation with optional fields takes none.
    const body: unknown = route.body ? parse(route.body, req.body ?? {}, 'body') : undefined;
    const result = await route.handle({ params, query, body, caller }, ctx);
    if (route.response.status === 204) res.status(204).end();
    else res.status(route.response.status).json(result);
  };
  router[route.method](route.path, handler);
}

/** RFC 6750 §3: a Bearer challenge with the error, or a bare one when no token was sent. */
function challenge(req: Request, error: OAuthError): string | undefined {
  if (error.error === 'invalid_token' && req.get('authorization') === undefined) return bearerChallenge(REALM, { description: error.description });
  if (error.error === 'invalid_token' || error instanceof MalformedBearer || error.error === 'insufficient_scope') {
    const scope = error instanceof MissingScope ? error.scope : undefined;
    return bearerChallenge(REALM, { error: error.error, description: error.description, scope });
  }
  return undefined;
}

/**
 * The services name fields as the CLI and the console forms do (`redirect_uris`); the API's bodies
 * are camelCase, so `field` names the body's own field (`redirectUris`).
 */
const apiField = (field: string): string => field.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Every failure under /admin/api as `{ error, error_description }`; unknown ones logged, sent as server_error. */
export function adminApiErrors(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res: Response, _next) => {
    res.set('Cache-Control', 'no-store');
    if (err instanceof AdminError) {
      res.status(err.status).json({ error: err.code, error_description: err.message, ...(err.field && { field: apiField(err.field) }) });
      return;
    }
    const error = toOAuthError(err, logger, req);
    const header = challenge(req, error);
    if (header) res.set('WWW-Authenticate', header);
    if (error.status === 503) res.set('Retry-After', '5');
    res.status(error.status).json(error.toJSON());
  };
}

/**
 * The admin API under /admin/api: every operation of ADMIN_ROUTES behind a Bearer token for the
 * admin API (authenticate-admin.ts), the OpenAPI description of the same routes, JSON errors.
 */
export function adminApiRouter(ctx: AppContext, routes: readonly AdminRoute[] = ADMIN_ROUTES): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // Built on first request: generating every schema at start-up costs memory nobody may use.
  let openapi: ReturnType<typeof buildOpenApi> | undefined;
  router.get('/openapi.json', (_req, res) => void res.json((openapi ??= buildOpenApi(routes, ctx.config.issuer))));
  for (const route of routes) mount(router, ctx, route);
  // Errors leave the router for adminApiErrors, mounted after it in app.ts: the body parsers run
  // before this router, so their errors reach only an error handler at the app level.
  router.use((_req, _res, next) => next(new NotFound('No such admin API operation')));
  return router;
}
