import { randomUUID } from 'node:crypto';
import type { Store } from '../store/types.js';
import type { Account, NewAccount } from './account.js';
import { hashPassword, passwordPolicyViolation } from './passwords.js';

export class AccountInputError extends Error {
  constructor(
    readonly field: 'username' | 'password' | 'email',
    message: string,
  ) {
    super(message);
  }
}

/** Usernames are case-insensitive: stored lower-case, 3-32 of a-z 0-9 . _ -. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;
export const normalizeUsername = (u: string): string => u.trim().toLowerCase();
const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
/** E-mail addresses are compared and stored trimmed and lower-case (one account per address). */
export const normalizeEmail = (e: string): string => e.trim().toLowerCase();
export const isValidEmail = (e: string): boolean => EMAIL_PATTERN.test(e);

export interface NewAccountInput {
  username: string;
  password: string;
  email?: string | undefined;
  name?: string | undefined;
  roles?: string[] | undefined;
}

/** Validates and stores a new account; throws AccountInputError or DuplicateError. */
export async function createAccount(store: Store, now: number, input: NewAccountInput): Promise<Account> {
  return store.accounts.create(await prepareAccount(input), now);
}

/** Validates and hashes, without touching the store (hashing stays outside transactions). */
export async function prepareAccount(input: NewAccountInput): Promise<NewAccount> {
  const username = normalizeUsername(input.username);
  if (!USERNAME_PATTERN.test(username)) {
    throw new AccountInputError('username', 'Usernames are 3 to 32 characters: letters, digits, dots, dashes and underscores.');
  }
  const problem = passwordPolicyViolation(input.password, username);
  if (problem) throw new AccountInputError('password', problem);
  const email = input.email ? normalizeEmail(input.email) || null : null;
  if (email && !EMAIL_PATTERN.test(email)) throw new AccountInputError('email', 'Enter a valid email address.');
  return {
    id: randomUUID(),
    username,
    email,
    name: input.name?.trim() || null,
    passwordHash: await hashPassword(input.password),
    roles: input.roles ?? [],
  };
}
