import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { Account, Store } from '../store/types.js';
import { normalizeUsername } from './create-account.js';
import { lockRemainingSeconds, lockSeconds } from './lockout.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import { createPhantomLockout } from './phantom-lockout.js';

export type AuthResult =
  | { ok: true; account: Account }
  /** Wrong password or no such account; `lockedFor` > 0 when this failure started a lock. */
  | { ok: false; reason: 'invalid'; account: Account | undefined; lockedFor: number }
  /** Locked: the password was not even checked, so a lock is no oracle for guesses. */
  | { ok: false; reason: 'locked'; account: Account | undefined; retryAfter: number };

/**
 * Password sign-in with per-account lockout. The counter lives in the store, so every instance
 * sees the same failures. Unknown usernames are verified against a dummy hash and counted in a
 * phantom counter, also in the store, so neither timing nor the lockout reveals whether an account
 * exists (OWASP Authentication Cheat Sheet, "Authentication Responses").
 */
export function createAuthenticator(deps: { store: Store; clock: Clock; config: Config }) {
  const { store, clock, config } = deps;
  const phantom = createPhantomLockout(store, config.lockout);

  async function authenticate(usernameInput: string, password: string): Promise<AuthResult> {
    const username = normalizeUsername(usernameInput);
    const account = await store.accounts.findByUsername(username);
    const now = clock();
    const locked = account ? lockRemainingSeconds(account.lockedUntil, now) : await phantom.remaining(username, now);
    if (locked > 0) return { ok: false, reason: 'locked', account, retryAfter: locked };

    const valid = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), password);
    if (account && valid) {
      if (account.failedLogins > 0 || account.lockedUntil !== null) {
        await store.accounts.update(account.id, { failedLogins: 0, lockedUntil: null }, clock());
      }
      return { ok: true, account };
    }
    if (!account) return { ok: false, reason: 'invalid', account, lockedFor: await phantom.fail(username, clock()) };

    const failures = await store.accounts.addFailedLogin(account.id, clock());
    const lockedFor = lockSeconds(failures, config.lockout);
    if (lockedFor > 0) await store.accounts.update(account.id, { lockedUntil: clock() + lockedFor * 1000 }, clock());
    return { ok: false, reason: 'invalid', account, lockedFor };
  }

  return { authenticate, forgetUnknown: (username: string) => phantom.forget(normalizeUsername(username)) };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
