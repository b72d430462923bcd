import type { JWTPayload } from 'jose';
import { InvalidToken } from './errors.js';

/** RFC 9068 §2.2 claims, plus the roles this product issues (RFC 9068 §2.2.3.1). */
export interface AccessTokenClaims extends JWTPayload {
  iss: string;
  sub: string;
  aud: string | string[];
  client_id: string;
  exp: number;
  iat: number;
  jti: string;
  scope?: string;
  roles?: string[];
  auth_time?: number;
  sid?: string;
}

export interface VerifiedAccessToken {
  /** The user, or the client itself for client-credentials tokens (RFC 9068 §2.2). */
  subject: string;
  clientId: string;
  scopes: readonly string[];
  roles: readonly string[];
  claims: Readonly<AccessTokenClaims>;
}

/** Type checks jose leaves to us; jose has already checked presence, iss, aud, exp, nbf and typ. */
export function toVerifiedAccessToken(payload: JWTPayload, nowSec: number, toleranceSec: number): VerifiedAccessToken {
  const { sub, client_id: clientId, scope, roles, iat, jti } = payload;
  if (typeof sub !== 'string' || sub === '') throw new InvalidToken('the token has no valid sub claim');
  if (typeof clientId !== 'string' || clientId === '') throw new InvalidToken('the token has no valid client_id claim');
  if (typeof jti !== 'string') throw new InvalidToken('the token has no valid jti claim');
  // RFC 7519 §4.1.6: a token issued in the future is not valid yet (jose only checks iat with maxTokenAge).
  if (typeof iat !== 'number' || iat > nowSec + toleranceSec) throw new InvalidToken('the token is not valid yet (iat is in the future)');
  if (scope !== undefined && typeof scope !== 'string') throw new InvalidToken('the token scope claim must be a string');
  if (roles !== undefined && !(Array.isArray(roles) && roles.every((role) => typeof role === 'string'))) {
    throw new InvalidToken('the token roles claim must be an array of strings');
  }
  return Object.freeze({
    subject: sub,
    clientId,
    // RFC 6749 §3.3: space-delimited, order irrelevant.
    scopes: Object.freeze(scope === undefined ? [] : scope.split(' ').filter(Boolean)),
    roles: Object.freeze([...(roles ?? [])]),
    claims: Object.freeze({ ...payload }) as Readonly<AccessTokenClaims>,
  });
}
