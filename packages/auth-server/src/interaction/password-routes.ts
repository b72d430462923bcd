import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Authenticator } from '../accounts/authenticate.js';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordPolicyViolation } from '../accounts/passwords.js';
import { revokeAccountAccess } from '../accounts/revoke-account-access.js';
import type { AppContext } from '../app-context.js';
import { clientIp } from '../http/params.js';
import { recordLoginFailure } from './login-failure.js';
import { readForm } from './read-form.js';
import { renderPage } from './render-page.js';

const requireSession: RequestHandler = (req, res, next) => {
  if (req.authSession) next();
  else res.set('Cache-Control', 'no-store').redirect(303, '/login');
};

const FIELDS = { current_password: PASSWORD_MAX_LENGTH, new_password: PASSWORD_MAX_LENGTH };

/**
 * Changing one's password. The current password is checked through the authenticator, so guessing
 * it here counts towards the same lockout as the login form. Every other session of the account is
 * then ended with back-channel logout: a changed password is how users throw out an intruder.
 */
export function passwordRoutes(ctx: AppContext, auth: Authenticator): Router {
  const router = Router();
  const show = (req: Request, res: Response, status = 200, error?: string) =>
    renderPage(ctx, req, res, 'password', { title: 'Change password', minLength: PASSWORD_MIN_LENGTH, error }, status);

  router.get('/account/password', requireSession, (req, res) => show(req, res));

  router.post('/account/password', ctx.csrf.verify(), requireSession, async (req, res) => {
    const { account, session: current } = req.authSession!;
    const form = readForm(req.body, FIELDS);
    const { current_password: oldPassword, new_password: newPassword } = form.values;
    if (form.error || !oldPassword || !newPassword) return show(req, res, 400, form.error ?? 'Enter your current and your new password.');

    const result = await auth.authenticate(account.username, oldPassword);
    if (!result.ok) {
      await recordLoginFailure(ctx, req, result, undefined);
      const retryAfter = result.reason === 'locked' ? result.retryAfter : result.lockedFor;
      if (retryAfter > 0) res.set('Retry-After', String(retryAfter));
      return show(req, res, retryAfter > 0 ? 429 : 400, 'Your current password is not correct.');
    }
    const problem = passwordPolicyViolation(newPassword, account.username);
    if (problem) return show(req, res, 400, problem);

    await ctx.store.accounts.update(account.id, { passwordHash: await hashPassword(newPassword) }, ctx.clock());
    const revoked = await revokeAccountAccess(ctx, account.id, { keepSid: current.sid, reason: 'password_changed' });
    await ctx.audit({ type: 'password_changed', accountId: account.id, ip: clientIp(req), detail: { ...revoked } });
    res.redirect(303, '/account?done=password-changed');
  });

  return router;
}
