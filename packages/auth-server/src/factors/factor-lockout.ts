import { lockRemainingSeconds, lockSeconds } from '../accounts/lockout.js';
import type { AppContext } from '../app-context.js';
import type { Account } from '../store/types.js';

/**
 * Wrong second-factor codes count towards the same lockout as wrong passwords (issue 11): six
 * digits are guessable otherwise. Returns the seconds the account is still locked, 0 if not.
 */
export async function factorLockRemaining(ctx: AppContext, accountId: string): Promise<number> {
  const account = await ctx.store.accounts.findById(accountId);
  return account ? lockRemainingSeconds(account.lockedUntil, ctx.clock()) : 0;
}

/** Counts one failure; returns the seconds of a lock it started (0 when none). */
export async function countFactorFailure(ctx: AppContext, account: Account): Promise<number> {
  const failures = await ctx.store.accounts.addFailedLogin(account.id, ctx.clock());
  const lockedFor = lockSeconds(failures, ctx.config.lockout);
  if (lockedFor > 0) {
    await ctx.store.accounts.update(account.id, { lockedUntil: ctx.clock() + lockedFor * 1000 }, ctx.clock());
    ctx.metrics.lockouts.inc();
    await ctx.audit({ type: 'lockout', accountId: account.id, detail: { seconds: lockedFor, after: 'second_factor' } });
  }
  return lockedFor;
}

export async function clearFactorFailures(ctx: AppContext, accountId: string): Promise<void> {
  const account = await ctx.store.accounts.findById(accountId);
  if (account && (account.failedLogins > 0 || account.lockedUntil !== null)) {
    await ctx.store.accounts.update(account.id, { failedLogins: 0, lockedUntil: null }, ctx.clock());
  }
}
