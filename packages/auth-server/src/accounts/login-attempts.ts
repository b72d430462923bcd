import type { Store } from '../store/types.js';
import type { Account, LoginCounter } from './account.js';
import type { LockoutPolicy } from './lockout.js';
import { lockRemainingSeconds, lockSeconds } from './lockout.js';

/** Where one username's counter lives: its account row, or the unknown-username table. */
export interface CounterCell {
  read(): Promise<LoginCounter | undefined>;
  swap(expected: LoginCounter | undefined, next: LoginCounter): Promise<boolean>;
}

export type Reservation =
  /** The password may be checked; `lockedFor` > 0 when this attempt reached the threshold and set a lock. */
  | { ok: true; lockedFor: number }
  | { ok: false; retryAfter: number };

/** Far above any real contention (each round lets at least one request through); then fail closed. */
const MAX_ROUNDS = 64;

/**
 * Takes one attempt from the budget BEFORE the slow password hash, by compare-and-set on the
 * stored counter: of any number of parallel requests, on any number of instances, at most
 * `threshold` get through before the lock, and one per lock period after it (OWASP Authentication
 * Cheat Sheet, "Account Lockout"). Counting after the hash let a burst through while the first
 * checks were still running. A successful sign-in resets the counter (see authenticate.ts).
 */
export async function reserveAttempt(cell: CounterCell, policy: LockoutPolicy, now: number): Promise<Reservation> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const current = await cell.read();
    const retryAfter = lockRemainingSeconds(current?.lockedUntil ?? null, now);
    if (retryAfter > 0) return { ok: false, retryAfter };
    const failures = (current?.failures ?? 0) + 1;
    const lockedFor = lockSeconds(failures, policy);
    const next = { failures, lockedUntil: lockedFor > 0 ? now + lockedFor * 1000 : (current?.lockedUntil ?? null) };
    if (await cell.swap(current, next)) return { ok: true, lockedFor };
  }
  return { ok: false, retryAfter: 1 };
}

/** The account row's counter; the first read uses the row already loaded. */
export function accountCell(store: Store, account: Account, now: number): CounterCell {
  let loaded: LoginCounter | undefined = { failures: account.failedLogins, lockedUntil: account.lockedUntil };
  return {
    async read() {
      const first = loaded;
      loaded = undefined;
      if (first) return first;
      const a = await store.accounts.findById(account.id);
      return a && { failures: a.failedLogins, lockedUntil: a.lockedUntil };
    },
    swap: (expected, next) => store.accounts.swapLoginCounter(account.id, expected ?? { failures: 0, lockedUntil: null }, next, now),
  };
}

/**
 * Counters for usernames that have no account, so an unknown username "locks" after exactly as
 * many attempts as a real one and gets the same 429 (OWASP Authentication Cheat Sheet: the lockout
 * response must not reveal whether the account exists). In the store, so every instance agrees.
 */
export const unknownUsernameCell = (store: Store, username: string, now: number): CounterCell => ({
  read: () => store.unknownLogins.find(username),
  swap: (expected, next) => store.unknownLogins.swap(username, expected, next, now),
});
