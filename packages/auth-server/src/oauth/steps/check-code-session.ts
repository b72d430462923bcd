import { InvalidGrant } from '@sso/shared';
import type { AppContext } from '../../app-context.js';

/**
 * A code is redeemable only while the browser session that approved it is alive: once the user
 * signed out (or the session expired or was ended from the account page), a code still in flight
 * must not start a new grant behind their back (RFC 6749 §10.5: codes are bound to the
 * authorization the user gave).
 */
export async function checkCodeSession(ctx: Pick<AppContext, 'store'>, sid: string, now: number): Promise<void> {
  const session = await ctx.store.sessions.findBySid(sid);
  if (!session || session.endedAt !== null || session.expiresAt <= now) {
    throw new InvalidGrant('The sign-in session that issued this code has ended');
  }
}
