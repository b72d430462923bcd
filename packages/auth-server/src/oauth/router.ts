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

/** The OpenID Provider's protocol endpoints, as advertised in discovery. */
export function oauthRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(['/token', '/userinfo', '/revoke'], apiCors);
  router.use(discoveryRouter(ctx));
  router.use(authorizeRouter(ctx));
  router.use(consentRouter(ctx));
  router.use(tokenRouter(ctx));
  router.use(userinfoRouter(ctx));
  router.use(revocationRouter(ctx));
  router.use(introspectionRouter(ctx));
  router.use(endSessionRouter(ctx));
  return router;
}
