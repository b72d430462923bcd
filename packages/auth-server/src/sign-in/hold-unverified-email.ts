import type { Request, Response } from 'express';
import { mustVerifyEmail, requestVerificationMail } from '../accounts/email-verification.js';
import type { AppContext } from '../app-context.js';
import { withInteraction, type PendingInteraction } from '../interaction/load-interaction.js';
import { renderPage } from '../interaction/render-page.js';
import type { Account } from '../accounts/account.js';

/**
 * When the setting or the client asks for a verified address and the account has none, no session
 * starts: the page says so and each attempt may send a new link (rate-limited). Returns true when
 * it answered the request.
 */
export async function holdUntilEmailVerified(
  ctx: AppContext,
  req: Request,
  res: Response,
  account: Account,
  pending: PendingInteraction | undefined,
): Promise<boolean> {
  const client = pending?.clientId ? await ctx.store.clients.findById(pending.clientId) : undefined;
  if (!mustVerifyEmail(ctx.config, client, account)) return false;
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
  return true;
}
