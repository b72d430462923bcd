import type { Clock } from '../clock.js';
import type { Store } from '../store/types.js';
import type { AccountToken, AccountTokenPurpose } from './account-token.js';
import { hashToken, randomToken } from '../tokens/opaque.js';

/** How long each mailed link works. */
export const LINK_TTL_MS: Record<AccountTokenPurpose, number> = {
  verify_email: 24 * 3600_000,
  reset_password: 30 * 60_000,
  change_email: 24 * 3600_000,
};

const PATHS: Record<AccountTokenPurpose, string> = {
  verify_email: '/verify-email',
  reset_password: '/reset-password',
  change_email: '/account/email/confirm',
};

/** Makes a single-use link for `email`; the store keeps only the token's SHA-256 (like refresh tokens). */
export async function issueLink(
  deps: { store: Store; clock: Clock; issuer: string },
  accountId: string,
  purpose: AccountTokenPurpose,
  email: string,
): Promise<string> {
  const token = randomToken();
  const now = deps.clock();
  await deps.store.accountTokens.create({ tokenHash: hashToken(token), accountId, purpose, email, createdAt: now, expiresAt: now + LINK_TTL_MS[purpose] });
  return `${deps.issuer}${PATHS[purpose]}?token=${token}`;
}

/** Why a link is refused; the page words each the same way, so it says nothing about other accounts. */
export type LinkProblem = 'unknown' | 'used' | 'expired' | 'other_account';

/**
 * Looks a link up without using it (to show the form behind it). `signedInAs`, when given, must be
 * the link's account: a link never acts on an account other than the one signed in on this browser.
 */
export async function peekLink(
  store: Store,
  now: number,
  token: string | undefined,
  purpose: AccountTokenPurpose,
  signedInAs?: string,
): Promise<{ ok: true; link: AccountToken } | { ok: false; problem: LinkProblem }> {
  if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, problem: 'unknown' };
  const link = await store.accountTokens.find(hashToken(token));
  if (!link || link.purpose !== purpose) return { ok: false, problem: 'unknown' };
  if (link.usedAt !== null) return { ok: false, problem: 'used' };
  if (link.expiresAt <= now) return { ok: false, problem: 'expired' };
  if (signedInAs !== undefined && signedInAs !== link.accountId) return { ok: false, problem: 'other_account' };
  return { ok: true, link };
}

/** Uses the link: true for exactly one caller, even when two race (store.accountTokens.use). */
export const useLink = (store: Store, now: number, token: string, purpose: AccountTokenPurpose): Promise<boolean> =>
  store.accountTokens.use(hashToken(token), purpose, now);

export const LINK_PROBLEM_TEXT: Record<LinkProblem, string> = {
  unknown: 'This link is not valid. Check that you opened the whole link from the mail, or ask for a new one.',
  used: 'This link was already used. Each link works only once; ask for a new one if you need it.',
  expired: 'This link has expired. Ask for a new one.',
  other_account: 'This link belongs to another account than the one signed in here. Sign out first, then open the link again.',
};
