import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { apiCors } from '../security/api-cors.js';
import { authorizeRouter } from './authorize/authorize-router.js';
import { consentRouter } from './consent-router.js';
import { discoveryRouter } from './discovery-router.js';
import { endSessionRouter } from './end-session-router.js';
import { introspectionRouter } from './introspection-router.js';
import { revocationRouter } from './revocation-router.js';
import { tokenRouter } from './token-router.js';
import { userinfoRouter } from './userinfo-router.js';

/**
 * The protocol endpoints that clients and APIs call directly, authenticated by client credentials or
 * bearer tokens and never by the browser session: discovery, JWKS, token, userinfo, revocation,
 * introspection. Mounted ahead of the session middleware, which they have no use for.
 */
export function oauthApiRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(['/token', '/userinfo', '/revoke'], apiCors);
  router.use(discoveryRouter(ctx));
  router.use(tokenRouter(ctx));
  router.use(userinfoRouter(ctx));
  router.use(revocationRouter(ctx));
  router.use(introspectionRouter(ctx));
  return router;
}

/** The endpoints a browser is sent to, which need to know who is signed in on it. */
export function oauthBrowserRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(authorizeRouter(ctx));
  router.use(consentRouter(ctx));
  router.use(endSessionRouter(ctx));
  return router;
}
