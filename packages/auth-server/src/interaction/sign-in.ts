import type { Request, Response } from 'express';
import type { AppContext } from '../app-context.js';
import { clientIp } from '../http/params.js';
import type { Account } from '../store/types.js';
import { continueUrl, type PendingInteraction } from './load-interaction.js';

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
  // Another account signing in on this browser: the previous one is signed out everywhere first.
  const previous = req.authSession;
  if (previous && previous.account.id !== account.id) await ctx.logout(previous.session.sid, 'signed_in_as_another_account');
  const session = await ctx.sessions.start(req, res, account);
  await ctx.audit({ type: 'login', accountId: account.id, clientId: pending?.clientId ?? null, ip: clientIp(req), detail: { method, sid: session.sid } });
  res.set('Cache-Control', 'no-store').redirect(303, continueUrl(pending));
}
