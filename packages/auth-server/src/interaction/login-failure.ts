import type { Request } from 'express';
import type { AuthResult } from '../accounts/authenticate.js';
import type { AppContext } from '../app-context.js';
import { clientIp } from '../http/params.js';
import type { PendingInteraction } from './load-interaction.js';

/** One message for an unknown username and a wrong password (OWASP Authentication Cheat Sheet). */
export const LOGIN_FAILED = 'Incorrect username or password';

export function lockMessage(seconds: number): string {
  const wait = seconds < 60 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many failed attempts: sign-in for this username is paused. Try again in ${wait}.`;
}

/** Audit and metrics for a refused login. Unknown usernames are not written to the audit log: people type passwords there. */
export async function recordLoginFailure(
  ctx: AppContext,
  req: Request,
  result: Extract<AuthResult, { ok: false }>,
  pending: PendingInteraction | undefined,
): Promise<void> {
  const base = { accountId: result.account?.id ?? null, clientId: pending?.clientId ?? null, ip: clientIp(req) };
  if (result.reason === 'locked') {
    ctx.metrics.logins.inc({ result: 'locked' });
    await ctx.audit({ ...base, type: 'login_failed', detail: { reason: 'locked', retryAfter: result.retryAfter } });
    return;
  }
  ctx.metrics.logins.inc({ result: 'failure' });
  await ctx.audit({ ...base, type: 'login_failed', detail: { reason: result.account ? 'bad_password' : 'unknown_account' } });
  if (result.lockedFor > 0 && result.account) {
    ctx.metrics.lockouts.inc();
    await ctx.audit({ ...base, type: 'lockout', detail: { seconds: result.lockedFor } });
    req.log.warn({ accountId: result.account.id, seconds: result.lockedFor }, 'account locked after failed logins');
  }
}
