import type { Request, Response } from 'express';
import type { AppContext } from '../app-context.js';
import { clientIp } from '../http/params.js';
import type { Account } from '../store/types.js';
import { mustVerifyEmail, requestVerificationMail } from '../accounts/email-verification.js';
import { continueUrl, withInteraction, type PendingInteraction } from './load-interaction.js';
import { renderPage } from './render-page.js';

/**
 * Starts the session (a fresh id: any earlier one of this browser is ended, OWASP Session
 * Management Cheat Sheet, "Renew the Session ID After Any Privilege Level Change") and sends the
 * browser on with 303, so a reload cannot re-post the password.
 */
export async function completeSignIn(
  ctx: AppContext,
  req: Request,
  res: Response,
  account: Account,
  pending: PendingInteraction | undefined,
  method: 'password' | 'signup',
): Promise<void> {
  const client = pending ? await ctx.store.clients.findById(pending.clientId) : undefined;
  if (mustVerifyEmail(ctx.config, client, account)) {
    // No session until the address is proven; each attempt may send a new link (rate-limited).
    if (await requestVerificationMail(ctx, account, ctx.clock())) ctx.wakeOutbox();
    renderPage(
      ctx,
      req,
      res,
      'notice',
      {
        title: 'Confirm your e-mail address first',
        lines: account.email
          ? [`We sent a link to ${account.email}. Open it, then sign in again.`, 'No mail after a few minutes? Check your spam folder, or sign in again for a new link.']
          : ['Your account has no e-mail address yet. Ask your administrator to add one.'],
        link: { href: withInteraction('/login', pending), label: 'Sign in again' },
      },
      403,
    );
    return;
  }
  // Another account signing in on this browser: the previous one is signed out everywhere first.
  const previous = req.authSession;
  if (previous && previous.account.id !== account.id) await ctx.logout(previous.session.sid, 'signed_in_as_another_account');
  const session = await ctx.sessions.start(req, res, account);
  await ctx.audit({ type: 'login', accountId: account.id, clientId: pending?.clientId ?? null, ip: clientIp(req), detail: { method, sid: session.sid } });
  res.set('Cache-Control', 'no-store').redirect(303, continueUrl(pending));
}
