import type { AppContext } from '../app-context.js';
import { factorUse, isFirstFactor, lastAuthTime } from '../factors/factor.js';
import type { SignInProgress } from './sign-in-progress.js';
import type { Session } from '../sessions/session.js';
import type { Authentication } from './policy-rules.js';

export const emptyProgress = (): SignInProgress => ({ accountId: null, done: [], hintSub: null, returnTo: null, browser: null });

/**
 * A live session as an Authentication. Sessions from before factors were recorded used a password.
 * `since` (when the authorization request began) makes it fresh if a first factor came after it.
 */
export async function sessionAuthentication(ctx: AppContext, session: Session, since: number | undefined): Promise<Authentication> {
  const stored = await ctx.store.sessionFactors.find(session.sid);
  const factors = stored && stored.length > 0 ? stored : [factorUse('password', session.authTime, ['pwd'])];
  return {
    accountId: session.accountId,
    factors,
    authTime: session.authTime,
    fresh: since !== undefined && factors.some((f) => isFirstFactor(f) && f.at >= since),
  };
}

/**
 * What the login pages judge: the factors done in this interaction when they include a first one;
 * otherwise the session (same account) plus any second factor just done: a step-up.
 */
export function progressAuthentication(progress: SignInProgress, session: Authentication | undefined): Authentication | undefined {
  if (progress.accountId !== null && progress.done.some(isFirstFactor)) {
    return { accountId: progress.accountId, factors: progress.done, authTime: lastAuthTime(progress.done), fresh: true };
  }
  if (!session || (progress.accountId !== null && progress.accountId !== session.accountId)) return undefined;
  const factors = [...session.factors, ...progress.done];
  return { ...session, factors, authTime: Math.max(session.authTime, lastAuthTime(progress.done)) };
}
