import type { Request } from 'express';
import type { AppContext } from '../app-context.js';
import type { FactorUse } from '../factors/factor-use.js';
import { sessionAuthentication } from './progress.js';

/**
 * A factor proven on the account pages (the first code of a new authenticator, a new passkey)
 * joins the session's factors: an app that required a second factor can then continue.
 */
export async function addSessionFactor(ctx: AppContext, req: Request, use: FactorUse): Promise<void> {
  const current = req.authSession;
  if (!current) return;
  const authn = await sessionAuthentication(ctx, current.session, undefined);
  await ctx.store.sessionFactors.set(current.session.sid, [...authn.factors, use], ctx.clock() + ctx.config.ttl.refreshTokenAbsolute * 1000);
}
