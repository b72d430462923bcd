import { Router, type RequestHandler } from 'express';
import type { Authenticator } from '../accounts/authenticate.js';
import { hashPassword, PASSWORD_MAX_LENGTH } from '../accounts/passwords.js';
import { revokeAccountAccess } from '../accounts/revoke-account-access.js';
import type { AppContext } from '../app-context.js';
import { clientIp } from '../http/params.js';
import { recordLoginFailure } from './login-failure.js';
import { newPasswordProblems, showNewPasswordForm } from './new-password-form.js';
import { readForm } from './read-form.js';

const requireSession: RequestHandler = (req, res, next) => {
  if (req.authSession) next();
  else res.set('Cache-Control', 'no-store').redirect(303, '/login');
};

const FIELDS = { current_password: PASSWORD_MAX_LENGTH, new_password: PASSWORD_MAX_LENGTH * 2, confirm_password: PASSWORD_MAX_LENGTH * 2 };

/**
 * Changing one's password. The current password is checked through the authenticator, so guessing
 * it here counts towards the same lockout as the login form. The new one is typed twice (a typo
 * would lock the owner out) and must differ from the current one. Every other session of the
 * account is then ended with back-channel logout: a changed password is how users throw out an intruder.
 */
export function passwordRoutes(ctx: AppContext, auth: Authenticator): Router {
  const router = Router();

  router.get('/account/password', requireSession, (req, res) => showNewPasswordForm(ctx, req, res, { username: req.authSession!.account.username }));

  router.post('/account/password', ctx.csrf.verify(), requireSession, async (req, res) => {
    const { account, session: current } = req.authSession!;
    const username = account.username;
    const form = readForm(req.body, FIELDS);
    const { current_password: oldPassword, new_password: newPassword } = form.values;
    if (form.error) return showNewPasswordForm(ctx, req, res, { username, error: form.error }, 400);
    if (!oldPassword) return showNewPasswordForm(ctx, req, res, { username, error: 'Enter your current password.', errors: { current_password: 'Enter your current password.' } }, 400);

    const result = await auth.authenticate(username, oldPassword);
    if (!result.ok) {
      await recordLoginFailure(ctx, req, result, undefined);
      const retryAfter = result.reason === 'locked' ? result.retryAfter : result.lockedFor;
      if (retryAfter > 0) res.set('Retry-After', String(retryAfter));
      const wrong = 'Your current password is not correct.';
      return showNewPasswordForm(ctx, req, res, { username, error: wrong, errors: { current_password: wrong } }, retryAfter > 0 ? 429 : 400);
    }
    const errors = newPasswordProblems(form.values, username);
    if (!errors.new_password && newPassword === oldPassword) errors.new_password = 'The new password must differ from the current one.';
    if (Object.keys(errors).length > 0) {
      return showNewPasswordForm(ctx, req, res, { username, errors, error: Object.values(errors)[0] }, 400);
    }

    await ctx.store.accounts.update(account.id, { passwordHash: await hashPassword(newPassword!) }, ctx.clock());
    const revoked = await revokeAccountAccess(ctx, account.id, { keepSid: current.sid, reason: 'password_changed' });
    await ctx.audit({ type: 'password_changed', accountId: account.id, ip: clientIp(req), detail: { ...revoked } });
    res.redirect(303, '/account?done=password-changed');
  });

  return router;
}
