import { Router, type Request, type Response } from 'express';
import { peekLink, useLink } from '../accounts/account-links.js';
import { isValidEmail, normalizeEmail } from '../accounts/create-account.js';
import { hashPassword, PASSWORD_MAX_LENGTH } from '../accounts/passwords.js';
import type { AppContext } from '../app-context.js';
import { clientIp, stringParam } from '../http/params.js';
import { passwordWasResetMail } from '../mail/templates.js';
import { rateLimit } from '../security/rate-limit.js';
import { endAccountEverywhere } from '../sessions/end-account.js';
import { newPasswordProblems, showNewPasswordForm } from './new-password-form.js';
import { showConfirmLinkProblem } from './reset-link-problem.js';
import { readForm } from './read-form.js';
import { renderPage } from './render-page.js';

const SENT = 'If an account uses that address, a link to reset its password is on its way. It works for 30 minutes.';
const FIELDS = { token: 128, new_password: PASSWORD_MAX_LENGTH * 2, confirm_password: PASSWORD_MAX_LENGTH * 2 };

class StaleLink extends Error {}

/**
 * Forgot password: /forgot-password asks for the address and answers the same whether or not an
 * account has it (OWASP Forgot Password Cheat Sheet): the request only writes an outbox item, and
 * the worker looks the address up later, so even the timing says nothing. /reset-password is the
 * mailed single-use link (30 min).
 */
export function resetPasswordRoutes(ctx: AppContext): Router {
  const router = Router();
  const limit = rateLimit(ctx, 'password-reset', ctx.config.rateLimit.loginPerMinute);
  const forgot = (req: Request, res: Response, status = 200, locals: Record<string, unknown> = {}) =>
    renderPage(ctx, req, res, 'forgot-password', { title: 'Forgot password', ...locals }, status);

  router.get('/forgot-password', (req, res) => forgot(req, res));

  router.post('/forgot-password', limit, ctx.csrf.verify(), async (req, res) => {
    const form = readForm(req.body, { email: 320 });
    const email = normalizeEmail(form.values.email ?? '');
    if (form.error || !isValidEmail(email)) {
      return forgot(req, res, 400, { error: form.error ?? 'Enter a valid e-mail address, like name@example.com.', email: form.values.email });
    }
    await ctx.store.transaction((tx) => ctx.outbox.enqueue(tx, 'reset_password', { email }));
    ctx.wakeOutbox();
    forgot(req, res, 200, { sent: true, notice: SENT });
  });

  router.get('/reset-password', async (req, res) => {
    const token = stringParam(req.query, 'token', { maxLength: 128 });
    const found = await peekLink(ctx.store, ctx.clock(), token, 'reset_password', req.authSession?.account.id);
    if (!found.ok) return showConfirmLinkProblem(ctx, req, res, found.problem);
    const account = await ctx.store.accounts.findById(found.link.accountId);
    showNewPasswordForm(ctx, req, res, { token: token!, username: account?.username ?? '' });
  });

  router.post('/reset-password', limit, ctx.csrf.verify(), async (req, res) => {
    const form = readForm(req.body, FIELDS);
    const token = form.values.token;
    const now = ctx.clock();
    const found = await peekLink(ctx.store, now, token, 'reset_password', req.authSession?.account.id);
    if (!found.ok) return showConfirmLinkProblem(ctx, req, res, found.problem);
    const account = await ctx.store.accounts.findById(found.link.accountId);
    if (!account) return showConfirmLinkProblem(ctx, req, res, 'unknown');
    const errors = newPasswordProblems(form.values, account.username);
    if (form.error || Object.keys(errors).length > 0) {
      return showNewPasswordForm(ctx, req, res, { token: token!, username: account.username, errors, error: form.error ?? 'Please fix the fields marked below.' }, 400);
    }
    const passwordHash = await hashPassword(form.values.new_password!);
    let logouts: string[];
    try {
      // One transaction: the link is spent, the password set, the lockout cleared, every session and
      // grant ended, the apps' logouts and the owner's notice queued; or none of it.
      logouts = await ctx.store.transaction(async (tx) => {
        if (!(await useLink(tx, now, token!, 'reset_password'))) throw new StaleLink('used');
        const current = await tx.accounts.findById(account.id);
        if (!current || current.email !== found.link.email) throw new StaleLink('unknown');
        await tx.accounts.update(account.id, { passwordHash, failedLogins: 0, lockedUntil: null }, now);
        const { outboxIds: ids } = await endAccountEverywhere(tx, ctx.outbox, account.id, now, 'password_reset');
        await ctx.outbox.enqueue(tx, 'mail', { ...passwordWasResetMail(found.link.email) });
        return ids;
      });
    } catch (err) {
      if (err instanceof StaleLink) return showConfirmLinkProblem(ctx, req, res, err.message === 'used' ? 'used' : 'unknown');
      throw err;
    }
    await ctx.outbox.deliver(logouts);
    ctx.wakeOutbox();
    if (req.authSession) await ctx.sessions.end(req, res);
    await ctx.audit({ type: 'password_reset', accountId: account.id, ip: clientIp(req), detail: { logouts: logouts.length } });
    renderPage(ctx, req, res, 'notice', {
      title: 'Password changed',
      notice: 'Your new password is set. Every session of your account was signed out.',
      link: { href: '/login', label: 'Sign in' },
    });
  });

  return router;
}

