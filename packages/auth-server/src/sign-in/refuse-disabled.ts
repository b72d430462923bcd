import type { Request, Response } from 'express';
import type { AppContext } from '../app-context.js';
import { clientIp } from '../http/params.js';
import { renderPage } from '../interaction/render-page.js';
import type { Account } from '../accounts/account.js';

export const ACCOUNT_DISABLED = 'This account is disabled. Ask your administrator to enable it again.';

/**
 * A disabled account gets no session. The page says so only after a correct first factor: a wrong
 * password still gets the usual answer, so the message tells nothing to someone guessing, and the
 * owner is not left retrying a password that is right. Returns true when it answered the request.
 */
export async function refuseDisabled(ctx: AppContext, req: Request, res: Response, account: Account): Promise<boolean> {
  if (account.disabledAt === null) return false;
  await ctx.audit({ type: 'login_refused_disabled', accountId: account.id, ip: clientIp(req) });
  res.set('Cache-Control', 'no-store');
  renderPage(ctx, req, res, 'notice', { title: 'Account disabled', lines: [ACCOUNT_DISABLED], link: { href: '/login', label: 'Back to sign-in' } }, 403);
  return true;
}
