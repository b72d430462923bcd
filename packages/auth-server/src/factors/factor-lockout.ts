import { accountCell, reserveAttempt, type Reservation } from '../accounts/login-attempts.js';
import { lockRemainingSeconds } from '../accounts/lockout.js';
import type { AppContext } from '../app-context.js';
import type { Account } from '../accounts/account.js';

/**
 * Wrong second-factor codes count towards the same lockout as wrong passwords (issue 11): six
 * digits are guessable otherwise. Returns the seconds the account is still locked, 0 if not.
 */
export async function factorLockRemaining(ctx: AppContext, accountId: string): Promise<number> {
  const account = await ctx.store.accounts.findById(accountId);
  return account ? lockRemainingSeconds(account.lockedUntil, ctx.clock()) : 0;
}

/**
 * Takes one attempt from the account's budget before a code is checked, like a password
 * (accounts/login-attempts.ts): parallel guesses cannot get more than the threshold checked.
 */
export async function reserveFactorAttempt(ctx: AppContext, account: Account): Promise<Reservation> {
  const now = ctx.clock();
  const reservation = await reserveAttempt(accountCell(ctx.store, account, now), ctx.config.lockout, now);
  if (reservation.ok && reservation.lockedFor > 0) {
    ctx.metrics.lockouts.inc();
    await ctx.audit({ type: 'lockout', accountId: account.id, detail: { seconds: reservation.lockedFor, after: 'second_factor' } });
  }
  return reservation;
}

export async function clearFactorFailures(ctx: AppContext, accountId: string): Promise<void> {
  const account = await ctx.store.accounts.findById(accountId);
  if (account && (account.failedLogins > 0 || account.lockedUntil !== null)) {
    await ctx.store.accounts.update(account.id, { failedLogins: 0, lockedUntil: null }, ctx.clock());
  }
}
