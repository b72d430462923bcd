import { InvalidRequest } from '@sso/shared';
import type { AuthorizationStep } from '../authorize/authorization-request.js';

/** BASE64URL(SHA-256(verifier)) is always 43 characters (RFC 7636 §4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/**
 * PKCE with S256 for every client, public or confidential (RFC 9700 §2.1.1); `plain` refused.
 * The one exception: a confidential client an operator registered with PKCE optional may leave it
 * out of an OpenID Connect request that carries a nonce, which then binds the code to the
 * browser instead (RFC 9700 §2.1.1 allows nonce for confidential OpenID Connect clients only).
 */
export const checkPkce: AuthorizationStep = (request) => {
  const challenge = request.params.code_challenge;
  const method = request.params.code_challenge_method;
  if (!challenge) {
    const client = request.client!;
    const mayOmit = !client.pkceRequired && client.secretHash !== null;
    if (!mayOmit) throw new InvalidRequest('code_challenge is required (PKCE)');
    if (!request.scopes.includes('openid') || !request.params.nonce) {
      throw new InvalidRequest('nonce is required when PKCE is not used (RFC 9700 §2.1.1)');
    }
    if (method !== undefined) throw new InvalidRequest('code_challenge_method without code_challenge');
    return;
  }
  // RFC 7636 §4.3: an absent method means plain, which is not accepted here.
  if (method !== 'S256') throw new InvalidRequest('code_challenge_method must be S256');
  if (!S256_CHALLENGE.test(challenge)) throw new InvalidRequest('code_challenge is malformed');
  request.codeChallenge = challenge;
};
