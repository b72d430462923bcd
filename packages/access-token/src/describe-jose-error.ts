import { errors } from 'jose';
import { InvalidToken, OAuthError } from './errors.js';

/**
 * Turns a jose failure into an InvalidToken whose description is safe to send (RFC 6750 §3.1):
 * it names the rule that failed, never a claim value or the token.
 */
export function toInvalidToken(error: unknown): OAuthError {
  if (error instanceof OAuthError) return error;
  if (error instanceof errors.JWTExpired) return new InvalidToken('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) return new InvalidToken(describeClaim(error));
  if (error instanceof errors.JOSEAlgNotAllowed) return new InvalidToken('the token must be signed with RS256');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new InvalidToken('the token signature is invalid');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return new InvalidToken('the token is malformed');
  }
  return new InvalidToken('the token is invalid');
}

function describeClaim(error: InstanceType<typeof errors.JWTClaimValidationFailed>): string {
  if (error.reason === 'missing') return `the token has no ${error.claim} claim`;
  switch (error.claim) {
    case 'iss':
      return 'the token was issued by an unexpected issuer';
    case 'aud':
      return 'the token is meant for another audience';
    case 'nbf':
      return 'the token is not valid yet';
    case 'typ':
      // RFC 9068 §4: refuses ID tokens and any other JWT presented as an access token.
      return 'the token is not an access token (typ must be at+jwt)';
    default:
      return `the token has an invalid ${error.claim} claim`;
  }
}
