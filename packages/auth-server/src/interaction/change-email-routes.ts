import { Router, type Request, type RequestHandler, type Response } from 'express';
import { peekLink, useLink } from '../accounts/account-links.js';
import type { Authenticator } from '../accounts/authenticate.js';
import { isValidEmail, normalizeEmail } from '../accounts/create-account.js';
import { PASSWORD_MAX_LENGTH } from '../accounts/passwords.js';
import type { AppContext } from '../app-context.js';
import { clientIp, stringParam } from '../http/params.js';
import { emailChangedMail } from '../mail/templates.js';
import { DuplicateError } from '../store/types.js';
import { showConfirm, showLinkProblem } from './link-pages.js';
import { readForm } from './read-form.js';
import { renderPage } from './render-page.js';

const requireSession: RequestHandler = (req, res, next) => {
  if (req.authSession) next();
  else res.set('Cache-Control', 'no-store').redirect(303, '/login');
};

class StaleLink extends Error {}

/**
 * Changing the e-mail address: asked with the current password, proven through a link mailed to
 * the new address (it changes only then), and the old address is told, so a hijacked session
 * cannot quietly move the account's recovery address.
 */
export function changeEmailRoutes(ctx: AppContext, auth: Authenticator): Router {
  const router = Router();
  const back = { href: '/account', label: 'Go to your account' };
  const show = (req: Request, res: Response, status = 200, locals: Record<string, unknown> = {}) =>
    renderPage(ctx, req, res, 'change-email', { title: 'Change e-mail address', field: 'email', ...locals }, status);

  router.get('/account/email', requireSession, (req, res) => show(req, res));

  router.post('/account/email', ctx.csrf.verify(), requireSession, async (req, res) => {
    const { account } = req.authSession!;
    const form = readForm(req.body, { email: 320, current_password: PASSWORD_MAX_LENGTH });
    const email = normalizeEmail(form.values.email ?? '');
    if (form.error || !isValidEmail(email)) return show(req, res, 400, { error: form.error ?? 'Enter a valid e-mail address, like name@example.com.', email: form.values.email });
    if (email === account.email) return show(req, res, 400, { error: 'That is already your address.', email });
    const result = await auth.authenticate(account.username, form.values.current_password ?? '');
    if (!result.ok) {
      const retryAfter = result.reason === 'locked' ? result.retryAfter : result.lockedFor;
      if (retryAfter > 0) res.set('Retry-After', String(retryAfter));
      return show(req, res, retryAfter > 0 ? 429 : 400, { error: 'Your current password is not correct.', email, field: 'current_password' });
    }
    await ctx.store.transaction((tx) => ctx.outbox.enqueue(tx, 'confirm_email_change', { accountId: account.id, email }));
    ctx.wakeOutbox();
    await ctx.audit({ type: 'email_change_requested', accountId: account.id, ip: clientIp(req) });
    show(req, res, 200, { sent: true, notice: `We sent a link to ${email}. Your address changes when you open it (within 24 hours).` });
  });

  router.get('/account/email/confirm', async (req, res) => {
    const token = stringParam(req.query, 'token', { maxLength: 128 });
    const found = await peekLink(ctx.store, ctx.clock(), token, 'change_email', req.authSession?.account.id);
    if (!found.ok) return showLinkProblem(ctx, req, res, found.problem, back);
    showConfirm(ctx, req, res, { title: 'Confirm your new e-mail address', lines: [`Make ${found.link.email} the address of your account.`], action: '/account/email/confirm', token: token!, label: 'Confirm new address' });
  });

  router.post('/account/email/confirm', ctx.csrf.verify(), async (req, res) => {
    const token = readForm(req.body, { token: 128 }).values.token;
    const now = ctx.clock();
    const found = await peekLink(ctx.store, now, token, 'change_email', req.authSession?.account.id);
    if (!found.ok) return showLinkProblem(ctx, req, res, found.problem, back);
    const newEmail = found.link.email;
    try {
      await ctx.store.transaction(async (tx) => {
        if (!(await useLink(tx, now, token!, 'change_email'))) throw new StaleLink();
        const account = await tx.accounts.findById(found.link.accountId);
        if (!account) throw new StaleLink();
        await tx.accounts.update(account.id, { email: newEmail, emailVerified: true }, now);
        if (account.email) await ctx.outbox.enqueue(tx, 'mail', { ...emailChangedMail(account.email, newEmail) });
      });
    } catch (err) {
      if (err instanceof StaleLink) return showLinkProblem(ctx, req, res, 'used', back);
      if (err instanceof DuplicateError) {
        return renderPage(ctx, req, res, 'notice', { title: 'Address already in use', error: 'Another account now uses this address, so it cannot become yours.', link: back }, 409);
      }
      throw err;
    }
    ctx.wakeOutbox();
    await ctx.audit({ type: 'email_changed', accountId: found.link.accountId, ip: clientIp(req) });
    renderPage(ctx, req, res, 'notice', { title: 'E-mail address changed', notice: `Your address is now ${newEmail}.`, link: back });
  });

  return router;
}
