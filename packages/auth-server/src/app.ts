import express, { type Express } from 'express';
import { NotFound } from '@sso/shared';
import type { AppContext } from './app-context.js';
import { assetPath } from './assets.js';
import type { Deps } from './deps.js';
import { errorHandler } from './http/error-handler.js';
import { loadOnFirstUse } from './http/load-on-first-use.js';
import { parseBody } from './http/parse-body.js';
import { requestContext } from './http/request-context.js';
import { securityHeaders } from './http/security-headers.js';
import { interactionRouter } from './interaction/router.js';
import { healthRoutes } from './observability/health-router.js';
import { oauthApiRoutes, oauthBrowserRouter } from './oauth/router.js';
import { createClientAuthLimit } from './security/client-auth-limit.js';
import { createCsrf } from './security/csrf.js';
import { createAppOutbox } from './outbox/handlers.js';
import { logoutSession } from './sessions/logout.js';
import { createSessionService } from './sessions/session-service.js';

/** Builds the auth server's Express app. No listening here: see server.ts. */
export function createApp(deps: Deps): Express {
  const { config, logger, metrics } = deps;
  const ctx: AppContext = {
    ...deps,
    sessions: createSessionService(deps),
    csrf: createCsrf(config.cookieSecret, config.secureCookies),
    clientAuthLimit: createClientAuthLimit(deps, config.rateLimit.clientAuthFailuresPerMinute),
    logout: (sid, reason) => logoutSession(deps, sid, reason),
    outbox: deps.outbox ?? createAppOutbox(deps),
    wakeOutbox: () => deps.outbox?.kick(),
    async audit(e) {
      try {
        await deps.store.audit.record(
          { type: e.type, accountId: e.accountId ?? null, clientId: e.clientId ?? null, ip: e.ip ?? null, detail: e.detail ?? null },
          deps.clock(),
        );
      } catch (err) {
        logger.warn({ err, event: e.type }, 'audit event not recorded');
      }
    },
  };

  const app = express();
  app.disable('x-powered-by');
  // No ETag computed over every body: all but discovery and JWKS are `no-store`, and those two tag
  // their bodies once (oauth/discovery-router.ts).
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  app.set('view engine', 'ejs');
  app.set('views', assetPath('./interaction/views'));
  // Express 5's extended query parser turns `a[b]=c` into objects; the simple one keeps strings.
  app.set('query parser', 'simple');

  app.use(requestContext(app, logger, metrics));
  app.use(securityHeaders(app));
  app.use('/static', express.static(assetPath('./interaction/public'), { maxAge: '1h', index: false }));
  app.use(parseBody());

  healthRoutes(app.router, ctx);
  // Client credentials and bearer tokens only, no cookies: ahead of the browser session middleware.
  oauthApiRoutes(app.router, ctx);
  const adminApi = loadOnFirstUse(async () => {
    const { adminApiErrors, adminApiRouter } = await import('./admin/api/admin-api-router.js');
    return { router: adminApiRouter(ctx), errors: adminApiErrors(logger) };
  });
  // The error handler also answers for the layers before it (a body that is not JSON): as JSON.
  app.use('/admin/api', adminApi.handler((a) => a.router), adminApi.errorHandler((a) => a.errors));
  // Who is signed in on this browser: authorize, consent, end-session and the pages all need it.
  app.use(ctx.sessions.middleware());
  app.use(oauthBrowserRouter(ctx));
  app.use(interactionRouter(ctx));
  const adminConsole = loadOnFirstUse(async () => (await import('./admin/console/console-router.js')).consoleRouter(ctx));
  app.use('/admin', adminConsole.handler((router) => router));

  app.use((_req, _res, next) => next(new NotFound('No such page')));
  app.use(errorHandler(logger));
  return app;
}
