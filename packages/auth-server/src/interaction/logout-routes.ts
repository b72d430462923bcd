import { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { clientIp } from '../http/params.js';
import { renderPage } from './render-page.js';

/**
 * GET /logout asks, POST /logout (CSRF-checked) does it: a plain link must not be able to sign a
 * user out (OWASP CSRF Cheat Sheet: state changes only on POST). RP-initiated logout is
 * /end-session in oauth/.
 */
export function logoutRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/logout', (req, res) => {
    if (!req.authSession) {
      renderPage(ctx, req, res, 'signed-out', { title: 'Signed out' });
      return;
    }
    renderPage(ctx, req, res, 'logout', { title: 'Sign out' });
  });

  router.post('/logout', ctx.csrf.verify(), async (req, res) => {
    const current = req.authSession;
    if (current) {
      // Ends the session in the store and tells every client it reached (Back-Channel Logout 1.0).
      await ctx.logout(current.session.sid, 'user_logout');
      await ctx.sessions.end(req, res);
      await ctx.audit({ type: 'logout', accountId: current.account.id, ip: clientIp(req), detail: { sid: current.session.sid } });
    }
    renderPage(ctx, req, res, 'signed-out', { title: 'Signed out' });
  });

  return router;
}
