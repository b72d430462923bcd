import { keyStatus, pickSigner, type KeyStatus } from '../../keys/key-schedule.js';
import type { SigningKey } from '../../keys/signing-key.js';
import { recordAdminEvent } from './admin-event.js';
import type { Caller, ServiceContext } from '../service-context.js';

/** A signing key's public facts; never its private half. Times are ISO 8601, null when unset. */
export interface KeyInfo {
  kid: string;
  alg: string;
  status: KeyStatus;
  createdAt: string;
  /** When it starts (or started) signing. */
  signsFrom: string;
  /** When it stops (or stopped) signing. */
  retiredAt: string | null;
  /** When it leaves the JWKS. */
  unpublishedAt: string | null;
  /** Until then its public half still verifies id_token_hints (RP-Initiated Logout §2). */
  verifiesHintsUntil: string | null;
}

export interface KeyList {
  keys: KeyInfo[];
  /**
   * The next signer change already scheduled: the earliest upcoming key and when it starts
   * signing. Rotation is by operator action only (no automatic schedule), so null when no key waits.
   */
  nextRotation: { kid: string; at: string } | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function describe(k: SigningKey, signer: SigningKey | undefined, now: number): KeyInfo {
  return {
    kid: k.kid,
    alg: k.alg,
    status: keyStatus(k, signer, now),
    createdAt: new Date(k.createdAt).toISOString(),
    signsFrom: new Date(k.activeFrom).toISOString(),
    retiredAt: iso(k.retiredAt),
    unpublishedAt: iso(k.expiresAt),
    verifiesHintsUntil: iso(k.verifyUntil ?? k.expiresAt),
  };
}

/** Every stored key, newest first as the store lists them, with its status now. */
export async function listKeys(svc: Pick<ServiceContext, 'keys' | 'clock'>): Promise<KeyList> {
  const keys = await svc.keys.list();
  const now = svc.clock();
  const signer = pickSigner(keys, now);
  const upcoming = keys.filter((k) => keyStatus(k, signer, now) === 'upcoming').sort((a, b) => a.activeFrom - b.activeFrom)[0];
  return {
    keys: keys.map((k) => describe(k, signer, now)),
    nextRotation: upcoming ? { kid: upcoming.kid, at: new Date(upcoming.activeFrom).toISOString() } : null,
  };
}

/**
 * A new key, published now. It signs from now + KEY_PUBLISH_AHEAD, so resource servers with a cached
 * JWKS meet its kid only after they could have fetched it; `immediate` signs with it at once (for a
 * compromised key: verifiers refetch the JWKS on an unknown kid). The old key stays published
 * until every token it signed has expired. A key still waiting from an earlier rotation is
 * replaced: it never signs (keys/key-schedule.ts replanOnRotation).
 */
export async function rotateKey(svc: Pick<ServiceContext, 'keys' | 'clock' | 'store'>, caller: Caller, input: { immediate?: boolean | undefined } = {}): Promise<KeyInfo> {
  const immediate = input.immediate === true;
  const key = await svc.keys.rotate({ immediate });
  const now = svc.clock();
  await recordAdminEvent(svc, caller, 'key_rotated', {}, { kid: key.kid, activeFrom: key.activeFrom, immediate });
  return describe(key, pickSigner(await svc.keys.list(), now), now);
}
