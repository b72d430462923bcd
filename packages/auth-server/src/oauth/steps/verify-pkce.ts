import { createHash, timingSafeEqual } from 'node:crypto';
import { InvalidGrant, InvalidRequest } from '@sso/shared';

/** RFC 7636 §4.1: 43-128 characters of the unreserved set. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * RFC 7636 §4.6: BASE64URL(SHA256(code_verifier)) must equal the stored challenge. An empty
 * challenge means the request used no PKCE (a client allowed to skip it): then a verifier is a
 * downgrade attempt and refused (RFC 9700 §2.1.1).
 */
export function verifyPkce(verifier: string | undefined, challenge: string): void {
  if (challenge === '') {
    if (verifier !== undefined) throw new InvalidGrant('code_verifier sent but the authorization request had no code_challenge');
    return;
  }
  if (!verifier) throw new InvalidRequest('code_verifier is required');
  if (!VERIFIER.test(verifier)) throw new InvalidGrant('code_verifier is malformed');
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  if (computed.length !== expected.length || !timingSafeEqual(computed, expected)) {
    throw new InvalidGrant('code_verifier does not match the code challenge');
  }
}
