import type { Config } from '../config/config.js';
import type { SigningKey } from './signing-key.js';

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

/** A key published ahead whose turn was cancelled by a later rotation: it never signs. */
const cancelled = (k: SigningKey): boolean => k.retiredAt !== null && k.retiredAt <= k.activeFrom;

export function keyStatus(k: SigningKey, signer: SigningKey | undefined, now: number): KeyStatus {
  if (k.expiresAt !== null && k.expiresAt <= now) return 'expired';
  if (cancelled(k) && k.retiredAt! <= now) return 'retired';
  if (k.activeFrom > now) return 'upcoming';
  return signer?.kid === k.kid ? 'current' : 'retired';
}

/**
 * Older keys nobody retired: left by two instances creating the first key at once. They stop
 * signing as soon as every cache sees the newer key, so they leave the JWKS one lifetime later.
 */
export const orphanedKeys = (keys: readonly SigningKey[], signer: SigningKey): SigningKey[] =>
  keys.filter((k) => k.kid !== signer.kid && k.retiredAt === null && k.activeFrom <= signer.activeFrom);

/**
 * When a rotation's key starts signing: after the publish-ahead delay, and always later than the key
 * that signs now. A key starting in the same millisecond as the current one would tie with it, and
 * the tie goes by kid (pickSigner): half the time "rotate now" would leave the old key signing and
 * retire the new one as an orphan. One millisecond later, the schedule is strict.
 */
export const rotationStart = (current: SigningKey, now: number, aheadMs: number): number =>
  Math.max(now + aheadMs, current.activeFrom + 1);

/**
 * What a rotation to `next` (inserted at `now`, `immediate` or published ahead) does to another stored key `k`:
 * - 'drop': `k` waits for its turn (published ahead, never signed) and `next` comes first, or is
 *   immediate. Its turn is cancelled: otherwise an earlier rotation's key would take over after a
 *   "rotate now" for a compromised key and retire the immediate one, or a key would sign only for
 *   the minutes between two rotations. Signing nothing, it is safe to retire at once; it stays
 *   published one token lifetime for an instance whose cache still lists it.
 * - 'retire': `k` signs now (or still may, from a stale cache): it stops when `next` starts. A key
 *   already scheduled to stop at a cancelled key's turn is rescheduled to `next`'s.
 * - 'keep': already stopped, or newer than `next` (another rotation at the same moment: the
 *   schedule lets the newest sign and orphanedKeys retires the other, never both). A signing key
 *   is kept too when a concurrent rotation newer than `next` is waiting: that one reschedules it,
 *   and two writers must not leave it stopping at a turn that was cancelled.
 */
export function replanOnRotation(keys: readonly SigningKey[], k: SigningKey, next: SigningKey, now: number, immediate: boolean): 'drop' | 'retire' | 'keep' {
  if (k.kid === next.kid || (k.retiredAt !== null && k.retiredAt <= now)) return 'keep';
  const waiting = (w: SigningKey): boolean => w.kid !== next.kid && w.activeFrom > now && !cancelled(w);
  const dropped = (w: SigningKey): boolean => waiting(w) && (immediate || w.activeFrom < next.activeFrom);
  if (waiting(k)) return dropped(k) ? 'drop' : 'keep';
  const newerWaiting = keys.some((w) => waiting(w) && !dropped(w) && w.activeFrom > next.activeFrom);
  return k.activeFrom < next.activeFrom && !newerWaiting ? 'retire' : 'keep';
}
