import type { Store } from '../store/types.js';
import type { LockoutPolicy } from './lockout.js';
import { lockRemainingSeconds, lockSeconds } from './lockout.js';

/**
 * Failed-login counters for usernames that have no account, so that an unknown username "locks"
 * after exactly as many failures as a real one and gets the same 429 (OWASP Authentication Cheat
 * Sheet: the lockout response must not reveal whether the account exists). Kept in the store like
 * the real accounts' counters, so every instance gives the same answers.
 */
export function createPhantomLockout(store: Store, policy: LockoutPolicy) {
  return {
    /** Seconds the unknown username is "locked" for, or 0. */
    async remaining(username: string, now: number): Promise<number> {
      return lockRemainingSeconds((await store.unknownLogins.find(username))?.lockedUntil ?? null, now);
    },

    /** Counts one failure; returns the lock in seconds that it started (0 for none). */
    async fail(username: string, now: number): Promise<number> {
      const seconds = lockSeconds(await store.unknownLogins.addFailure(username, now), policy);
      if (seconds > 0) await store.unknownLogins.lock(username, now + seconds * 1000);
      return seconds;
    },

    /** A sign-up took the name: it is a real account from now on. */
    forget(username: string): Promise<void> {
      return store.unknownLogins.forget(username);
    },
  };
}

export type PhantomLockout = ReturnType<typeof createPhantomLockout>;
