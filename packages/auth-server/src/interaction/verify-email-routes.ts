import { Router } from 'express';
import { peekLink, useLink } from '../accounts/account-links.js';
import { requestVerificationMail } from '../accounts/email-verification.js';
import type { AppContext } from '../app-context.js';
import { clientIp, stringParam } from '../http/params.js';
import { showConfirm, showLinkProblem } from './link-pages.js';
import { readForm } from './read-form.js';
import { renderPage } from './render-page.js';

class StaleLink extends Error {}

/** GET/POST /verify-email: the link from the sign-up mail makes `email_verified` true. */
export function verifyEmailRoutes(ctx: AppContext): Router {
  const router = Router();
  const again = { href: '/account', label: 'Go to your account' };

  router.get('/verify-email', async (req, res) => {
    const token = stringParam(req.query, 'token', { maxLength: 128 });
    const found = await peekLink(ctx.store, ctx.clock(), token, 'verify_email', req.authSession?.account.id);
    if (!found.ok) return showLinkProblem(ctx, req, res, found.problem, again);
    showConfirm(ctx, req, res, { title: 'Confirm your e-mail address', lines: [`Confirm ${found.link.email} as your address.`], action: '/verify-email', token: token!, label: 'Confirm e-mail address' });
  });

  router.post('/verify-email', ctx.csrf.verify(), async (req, res) => {
    const token = readForm(req.body, { token: 128 }).values.token;
    const now = ctx.clock();
    const found = await peekLink(ctx.store, now, token, 'verify_email', req.authSession?.account.id);
    if (!found.ok) return showLinkProblem(ctx, req, res, found.problem, again);
    try {
      const used = await ctx.store.transaction(async (tx) => {
        if (!(await useLink(tx, now, token!, 'verify_email'))) return false;
        const account = await tx.accounts.findById(found.link.accountId);
        // The address changed since the mail went out: this link proves nothing about the new one.
        if (account?.email !== found.link.email) throw new StaleLink();
        await tx.accounts.update(account.id, { emailVerified: true }, now);
        return true;
      });
      if (!used) return showLinkProblem(ctx, req, res, 'used', again);
    } catch (err) {
      if (err instanceof StaleLink) return showLinkProblem(ctx, req, res, 'unknown', again);
      throw err;
    }
    await ctx.audit({ type: 'email_verified', accountId: found.link.accountId, ip: clientIp(req) });
    renderPage(ctx, req, res, 'notice', {
      title: 'E-mail address confirmed',
      notice: `${found.link.email} is confirmed. Thank you.`,
      link: req.authSession ? { href: '/account', label: 'Go to your account' } : { href: '/login', label: 'Sign in' },
    });
  });

  // A signed-in owner of an unverified address asks for a new link (at most one per five minutes).
  router.post('/account/verify-email', ctx.csrf.verify(), async (req, res) => {
    if (!req.authSession) return res.set('Cache-Control', 'no-store').redirect(303, '/login');
    const queued = await requestVerificationMail(ctx, req.authSession.account, ctx.clock());
    if (queued) ctx.wakeOutbox();
    res.redirect(303, `/account?done=${queued ? 'verification-sent' : 'verification-recent'}`);
  });

  return router;
}
