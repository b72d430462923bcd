import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { apiCors } from '../security/api-cors.js';
import { authorizeRouter } from './authorize/authorize-router.js';
import { consentRouter } from './consent-router.js';
import { discoveryRoutes } from './discovery-router.js';
import { endSessionRouter } from './end-session-router.js';
import { introspectionRoutes } from './introspection-router.js';
import { revocationRoutes } from './revocation-router.js';
import { tokenRoutes } from './token-router.js';
import { userinfoRoutes } from './userinfo-router.js';

/**
 * The protocol endpoints that clients and APIs call directly, authenticated by client credentials or
 * bearer tokens and never by the browser session: discovery, JWKS, token, userinfo, revocation,
 * introspection. Registered on the app's own router, ahead of the session middleware, which they
 * have no use for: each nested Router a request passes through costs it about 4 µs (issue 14), so
 * the busiest endpoints are not nested.
 */
export function oauthApiRoutes(router: Router, ctx: AppContext): void {
  router.use(['/token', '/userinfo', '/revoke'], apiCors);
  discoveryRoutes(router, ctx);
  tokenRoutes(router, ctx);
  userinfoRoutes(router, ctx);
  revocationRoutes(router, ctx);
  introspectionRoutes(router, ctx);
}

/** The endpoints a browser is sent to, which need to know who is signed in on it. */
export function oauthBrowserRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(authorizeRouter(ctx));
  router.use(consentRouter(ctx));
  router.use(endSessionRouter(ctx));
  return router;
}
