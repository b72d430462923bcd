import type { RequestHandler } from 'express';
import type { AppContext } from '../../app-context.js';
import { ACR_MULTI_FACTOR } from '../../factors/factor.js';
import { enrolledSecondFactors } from '../../factors/registry.js';
import type { Account } from '../../accounts/account.js';
import { mayAdminister } from '../may-administer.js';
import type { ConsoleSessions } from './console-session.js';
import { ConsoleDenied } from './console-errors.js';

/**
 * Why this account may not use the console now, or undefined. Read from the store on every request,
 * so a role taken away or a second factor enrolled mid-session takes effect at the next click.
 */
export async function consoleRefusal(ctx: AppContext, account: Account | undefined, acr: string): Promise<'not_admin' | 'needs_mfa' | undefined> {
  if (!mayAdminister(account)) return 'not_admin';
  if (acr !== ACR_MULTI_FACTOR && (await enrolledSecondFactors(ctx.store, account.id)).length > 0) return 'needs_mfa';
  return undefined;
}

export const notAdmin = () => new ConsoleDenied(403, 'This account is not an administrator: the admin console is for role admin only.');

/**
 * Every console request after sign-in: a live console session for an account that is still an
 * admin (and signed in with a second factor when it has one). Without a session a GET starts the
 * sign-in; a POST goes back to the dashboard first (its form token is useless by then).
 */
export function consoleGuard(ctx: AppContext, sessions: ConsoleSessions, startSignIn: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    const session = await sessions.read(req);
    if (!session) {
      if (req.method === 'GET' || req.method === 'HEAD') return startSignIn(req, res, next);
      res.redirect(303, '/admin');
      return;
    }
    const account = await ctx.store.accounts.findById(session.accountId);
    const refusal = await consoleRefusal(ctx, account, session.acr);
    if (refusal === 'not_admin') {
      sessions.end(res);
      throw notAdmin();
    }
    if (refusal === 'needs_mfa') {
      // The sign-in asks for acr mfa, which makes the login page step up to the second factor.
      sessions.end(res);
      if (req.method === 'GET') return startSignIn(req, res, next);
      res.redirect(303, '/admin');
      return;
    }
    res.locals.admin = { accountId: account!.id, username: account!.username };
    res.locals.consoleSession = session;
    await sessions.touch(res, session);
    next();
  };
}
