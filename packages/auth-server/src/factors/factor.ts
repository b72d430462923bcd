import type { FactorId, FactorUse } from './factor-use.js';

export type { FactorId, FactorUse } from './factor-use.js';

/**
 * Authentication context classes this server asserts in `acr` (OIDC Core §2) and lists in
 * `acr_values_supported`: one factor, or more than one (a password and a second factor, or a
 * passkey with user verification).
 */
export const ACR_SINGLE_FACTOR = 'urn:sso:acr:1fa';
export const ACR_MULTI_FACTOR = 'urn:sso:acr:mfa';
export const ACR_VALUES_SUPPORTED = [ACR_SINGLE_FACTOR, ACR_MULTI_FACTOR] as const;

/** Factors that identify the user by themselves (the login page offers them). */
const FIRST_FACTORS: ReadonlySet<FactorId> = new Set(['password', 'passkey']);

export const isFirstFactor = (use: FactorUse): boolean => FIRST_FACTORS.has(use.factor);

/** A use of `factor` now, proving the RFC 8176 methods in `amr`. */
export const factorUse = (factor: FactorId, at: number, amr: string[]): FactorUse => ({ factor, at, amr });

/**
 * More than one factor: a passkey verified with its PIN or biometric (possession plus knowledge or
 * inherence, WebAuthn §6.2.3 user verification), or a first factor plus a different second one.
 */
export function isMultiFactor(uses: readonly FactorUse[]): boolean {
  if (uses.some((u) => u.factor === 'passkey')) return true;
  const kinds = new Set(uses.map((u) => u.factor));
  return kinds.has('password') && kinds.size > 1;
}

/** RFC 8176 §2: the methods used, plus `mfa` when they add up to more than one factor. */
export function amrOf(uses: readonly FactorUse[]): string[] {
  const methods = new Set(uses.flatMap((u) => u.amr));
  if (isMultiFactor(uses)) methods.add('mfa');
  return [...methods];
}

export const acrOf = (uses: readonly FactorUse[]): string => (isMultiFactor(uses) ? ACR_MULTI_FACTOR : ACR_SINGLE_FACTOR);

/** The latest factor time: the session's auth_time after this sign-in (OIDC Core §2). */
export const lastAuthTime = (uses: readonly FactorUse[]): number => Math.max(0, ...uses.map((u) => u.at));
