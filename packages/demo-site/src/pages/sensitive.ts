import { Router } from 'express';
import { sessionOf } from '../session/session-middleware.js';
import { requireSignIn } from './require-sign-in.js';

/** The acr the auth server states for a sign-in with more than one factor (its acr_values_supported). */
export const ACR_MFA = 'urn:sso:acr:mfa';

/**
 * A page that shows something sensitive only to a sign-in with a second factor. A password-only
 * sign-in is offered a step-up: /login?stepUp=1 asks the auth server with acr_values (OIDC Core
 * §3.1.2.1), which then asks for the second factor only, and the new ID token's acr says it happened.
 */
export function sensitiveRouter(): Router {
  const router = Router();
  router.get('/sensitive', requireSignIn, (_req, res) => {
    const claims = sessionOf(res).current!.user!.claims;
    const acr = typeof claims.acr === 'string' ? claims.acr : undefined;
    const amr = Array.isArray(claims.amr) ? claims.amr.map(String) : [];
    res.render('sensitive', {
      title: 'Sensitive',
      acr,
      amr,
      multiFactor: acr === ACR_MFA,
      stepUpHref: `/login?${new URLSearchParams({ stepUp: '1', interactive: '1', returnTo: '/sensitive' }).toString()}`,
    });
  });
  return router;
}
