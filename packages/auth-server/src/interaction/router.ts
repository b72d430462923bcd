import { Router } from 'express';
import { createAuthenticator } from '../accounts/authenticate.js';
import type { AppContext } from '../app-context.js';
import { passkeyRoutes } from '../factors/passkeys/passkey-routes.js';
import { accountRoutes } from './account-routes.js';
import { loginRoutes } from './login-routes.js';
import { logoutRoutes } from './logout-routes.js';
import { passwordRoutes } from './password-routes.js';
import { secondFactorRoutes } from './second-factor-routes.js';
import { securityRoutes } from './security-routes.js';
import { signupRoutes } from './signup-routes.js';
import { verifyEmailRoutes } from './verify-email-routes.js';
import { changeEmailRoutes } from './change-email-routes.js';
import { resetPasswordRoutes } from './reset-password-routes.js';

/**
 * The browser pages of the auth server. Every page works without JavaScript; the CSP allows no
 * inline script or style (app.ts), so views link /static/styles.css only.
 */
export function interactionRouter(ctx: AppContext): Router {
  const router = Router();
  const auth = createAuthenticator(ctx);
  router.use(loginRoutes(ctx, auth));
  router.use(signupRoutes(ctx, auth));
  router.use(logoutRoutes(ctx));
  router.use(accountRoutes(ctx));
  router.use(passwordRoutes(ctx, auth));
  router.use(verifyEmailRoutes(ctx));
  router.use(resetPasswordRoutes(ctx));
  router.use(changeEmailRoutes(ctx, auth));
  router.use(secondFactorRoutes(ctx));
  router.use(securityRoutes(ctx));
  router.use(passkeyRoutes(ctx));
  return router;
}
