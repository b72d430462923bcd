import type { Request, Response } from 'express';
import type { AppContext } from '../app-context.js';
import { amrOf } from '../factors/factor.js';
import { clientIp } from '../http/params.js';
import type { FactorUse } from '../factors/factor-use.js';
import type { Account } from '../accounts/account.js';
import type { Session } from '../sessions/session.js';

/**
 * Starts (or, same account, renews) the browser session once every due factor is done, and
 * records which factors it rests on, so amr/acr/auth_time can be stated in ID tokens and the
 * policy can ask for more later (a step-up keeps the earlier factors and adds the new one).
 */
export async function finishSignIn(
  ctx: AppContext,
  req: Request,
  res: Response,
  account: Account,
  factors: FactorUse[],
  clientId: string | null,
): Promise<Session> {
  // Another account signing in on this browser: the previous one is signed out everywhere first.
  const previous = req.authSession;
  if (previous && previous.account.id !== account.id) await ctx.logout(previous.session.sid, 'signed_in_as_another_account');
  const session = await ctx.sessions.start(req, res, account);
  // Outlives the sliding session: purged with the expired rows.
  await ctx.store.sessionFactors.set(session.sid, factors, ctx.clock() + ctx.config.ttl.refreshTokenAbsolute * 1000);
  await ctx.audit({
    type: 'login',
    accountId: account.id,
    clientId: clientId || null,
    ip: clientIp(req),
    detail: { method: factors.map((f) => f.factor).join('+'), amr: amrOf(factors), sid: session.sid },
  });
  return session;
}
