import type { LockoutPolicy } from './lockout.js';
import { lockRemainingSeconds, lockSeconds } from './lockout.js';

const MAX_ENTRIES = 10_000;

/**
 * Failed-login counters for usernames that have no account, so that an unknown username "locks"
 * after exactly as many failures as a real one and gets the same 429 (OWASP Authentication Cheat
 * Sheet: the lockout response must not reveal whether the account exists).
 *
 * Kept in process memory, bounded, oldest entry evicted first. Behind several instances an unknown
 * name locks per instance; the per-IP rate limit (shared through Redis) bounds such probing.
 */
export function createPhantomLockout(policy: LockoutPolicy) {
  const entries = new Map<string, { failures: number; lockedUntil: number | null }>();

  return {
    /** Seconds the unknown username is "locked" for, or 0. */
    remaining(username: string, now: number): number {
      return lockRemainingSeconds(entries.get(username)?.lockedUntil ?? null, now);
    },

    /** Counts one failure; returns the lock in seconds that it started (0 for none). */
    fail(username: string, now: number): number {
      const entry = entries.get(username) ?? { failures: 0, lockedUntil: null };
      entries.delete(username); // re-insert last: Map order is the eviction order
      entry.failures += 1;
      const seconds = lockSeconds(entry.failures, policy);
      if (seconds > 0) entry.lockedUntil = now + seconds * 1000;
      entries.set(username, entry);
      if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      return seconds;
    },

    /** A sign-up took the name: it is a real account from now on. */
    forget(username: string): void {
      entries.delete(username);
    },
  };
}

export type PhantomLockout = ReturnType<typeof createPhantomLockout>;
