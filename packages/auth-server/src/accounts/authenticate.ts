import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { Store } from '../store/types.js';
import type { Account } from './account.js';
import { normalizeUsername } from './create-account.js';
import { accountCell, reserveAttempt, unknownUsernameCell } from './login-attempts.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';

export type AuthResult =
  | { ok: true; account: Account }
  /** Wrong password or no such account; `lockedFor` > 0 when this failure started a lock. */
  | { ok: false; reason: 'invalid'; account: Account | undefined; lockedFor: number }
  /** Locked: the password was not even checked, so a lock is no oracle for guesses. */
  | { ok: false; reason: 'locked'; account: Account | undefined; retryAfter: number };

/**
 * Password sign-in with per-account lockout. The attempt is reserved in the store before the hash
 * is checked (accounts/login-attempts.ts), so parallel requests and other instances cannot check
 * more passwords than the threshold allows. Unknown usernames are verified against a dummy hash and
 * counted in their own table, so neither timing nor the lockout reveals whether an account exists
 * (OWASP Authentication Cheat Sheet, "Authentication Responses").
 */
export function createAuthenticator(deps: { store: Store; clock: Clock; config: Config }) {
  const { store, clock, config } = deps;

  async function authenticate(usernameInput: string, password: string): Promise<AuthResult> {
    const username = normalizeUsername(usernameInput);
    const account = await store.accounts.findByUsername(username);
    const now = clock();
    const cell = account ? accountCell(store, account, now) : unknownUsernameCell(store, username, now);
    const reservation = await reserveAttempt(cell, config.lockout, now);
    if (!reservation.ok) return { ok: false, reason: 'locked', account, retryAfter: reservation.retryAfter };

    const valid = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), password);
    if (account && valid) {
      await store.accounts.update(account.id, { failedLogins: 0, lockedUntil: null }, clock());
      return { ok: true, account };
    }
    return { ok: false, reason: 'invalid', account, lockedFor: reservation.lockedFor };
  }

  return { authenticate, forgetUnknown: (username: string) => store.unknownLogins.forget(normalizeUsername(username)) };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
