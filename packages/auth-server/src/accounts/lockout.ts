import type { Config } from '../config/config.js';

export type LockoutPolicy = Config['lockout'];

/**
 * How long an account stays locked after `failures` consecutive failed logins: nothing below the
 * threshold, then the base period doubling with each further failure, capped (OWASP Authentication
 * Cheat Sheet, "Account Lockout": an exponential, temporary lock rather than a permanent one).
 */
export function lockSeconds(failures: number, policy: LockoutPolicy): number {
  if (failures < policy.threshold) return 0;
  const exponent = Math.min(failures - policy.threshold, 30);
  return Math.min(policy.baseSeconds * 2 ** exponent, policy.maxSeconds);
}

/** Seconds until the lock lifts, or 0 when the account is not locked at `now`. */
export function lockRemainingSeconds(lockedUntil: number | null, now: number): number {
  if (lockedUntil === null || lockedUntil <= now) return 0;
  return Math.ceil((lockedUntil - now) / 1000);
}
