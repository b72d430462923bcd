import { hash, timingSafeEqual } from 'node:crypto';
import { randomToken } from '../tokens/opaque.js';
import type { Client } from './client.js';

const SCHEME = 'sha256:';

/** 256 random bits, base64url: the client's password, shown to the operator once. */
export const generateClientSecret = (): string => randomToken();

const digest = (secret: string): Buffer => hash('sha256', secret, 'buffer');

/**
 * A single SHA-256, not a password hash: generated secrets carry 256 bits of entropy, so a fast
 * hash leaves nothing to brute-force, and the token endpoint can check it on every request without
 * argon2's cost. (Human-chosen secrets, like the demo ones, are for development only.) The scheme
 * prefix leaves room to change the hash later.
 */
export const hashClientSecret = (secret: string): string => SCHEME + digest(secret).toString('base64url');

/**
 * The client's current secret, or the one its last rotation replaced while that one's grace period
 * lasts (`now` in epoch ms).
 */
export function verifyClientSecrets(client: Pick<Client, 'secretHash' | 'previousSecretHash' | 'previousSecretExpiresAt'>, secret: string, now: number): boolean {
  if (verifyClientSecret(client.secretHash, secret)) return true;
  const graceEnds = client.previousSecretExpiresAt ?? 0;
  return now < graceEnds && verifyClientSecret(client.previousSecretHash, secret);
}

/** Constant-time comparison (RFC 6749 §2.3.1 credentials; RFC 9700 §4.13 timing). */
export function verifyClientSecret(hash: string | null | undefined, secret: string): boolean {
  if (!hash?.startsWith(SCHEME)) return false;
  const expected = Buffer.from(hash.slice(SCHEME.length), 'base64url');
  const actual = digest(secret);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
