import type { Config } from '../config/config.js';
import type { SigningKey } from '../store/types.js';

/** How long another instance may keep signing from a stale key cache. */
export const KEY_CACHE_TTL_MS = 30_000;
/** Logout tokens live 120 s (tokens/logout-token.ts); they are signed by the same keys. */
const LOGOUT_TOKEN_TTL_S = 120;
/** Stale caches on other instances plus clock skew between instances. */
const RETIRE_MARGIN_MS = 2 * KEY_CACHE_TTL_MS;

export type KeyStatus = 'current' | 'upcoming' | 'retired' | 'expired';

/**
 * How long a retired key must stay published: the longest lifetime of any JWT it signed. Refresh
 * tokens are opaque and unsigned, so they do not count.
 */
export const retiredKeyLifetimeMs = (config: Pick<Config, 'ttl'>): number =>
  Math.max(config.ttl.accessToken, config.ttl.idToken, LOGOUT_TOKEN_TTL_S) * 1000 + RETIRE_MARGIN_MS;

/**
 * How long a retired key's public half still verifies id_token_hints after it stopped signing: an
 * RP may log a user out with the ID token of a sign-in as old as its longest refresh token
 * (RP-Initiated Logout §2 accepts expired hints). Not published meanwhile.
 */
export const hintKeyLifetimeMs = (config: Pick<Config, 'ttl'>): number =>
  Math.max(config.ttl.refreshToken, config.ttl.refreshTokenAbsolute, config.ttl.session, config.ttl.idToken) * 1000 + RETIRE_MARGIN_MS;

/** The key may verify a hint at `now`: not past verifyUntil (or, for older rows, expiresAt). */
export const verifiesHints = (k: SigningKey, now: number): boolean => {
  const until = k.verifyUntil ?? k.expiresAt;
  return until === null || until > now;
};

const newestFirst = (a: SigningKey, b: SigningKey): number =>
  b.activeFrom - a.activeFrom || (a.kid < b.kid ? 1 : a.kid > b.kid ? -1 : 0);

const canSign = (k: SigningKey, now: number): boolean =>
  k.activeFrom <= now && (k.retiredAt === null || k.retiredAt > now) && (k.expiresAt === null || k.expiresAt > now);

/**
 * The signer is a pure function of the stored keys and the time: the newest key already active and
 * not retired (ties broken by kid). Every instance reading the same rows picks the same key, and a
 * key rotated in with `activeFrom` in the future takes over everywhere at the same moment.
 */
export function pickSigner(keys: readonly SigningKey[], now: number): SigningKey | undefined {
  return keys.filter((k) => canSign(k, now)).sort(newestFirst)[0];
}

/** RFC 7517 §5: the set holds upcoming, current and retired-but-unexpired keys. */
export const publishedKeys = (keys: readonly SigningKey[], now: number): SigningKey[] =>
  keys.filter((k) => k.expiresAt === null || k.expiresAt > now).sort(newestFirst);

export function keyStatus(k: SigningKey, signer: SigningKey | undefined, now: number): KeyStatus {
  if (k.expiresAt !== null && k.expiresAt <= now) return 'expired';
  if (k.activeFrom > now) return 'upcoming';
  return signer?.kid === k.kid ? 'current' : 'retired';
}

/**
 * Older keys nobody retired: left by two instances creating the first key at once. They stop
 * signing as soon as every cache sees the newer key, so they leave the JWKS one lifetime later.
 */
export const orphanedKeys = (keys: readonly SigningKey[], signer: SigningKey): SigningKey[] =>
  keys.filter((k) => k.kid !== signer.kid && k.retiredAt === null && k.activeFrom <= signer.activeFrom);
