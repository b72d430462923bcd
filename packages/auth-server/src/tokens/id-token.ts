import { hash } from 'node:crypto';
import type { KeyStore } from '../keys/key-store.js';
import type { Account } from '../accounts/account.js';
import { signJwt } from './sign-jwt.js';

/** OpenID Connect Core §3.1.3.6: left half of SHA-256 of the access token, base64url. */
export const atHash = (accessToken: string): string =>
  hash('sha256', accessToken, 'buffer').subarray(0, 16).toString('base64url');

/** Claims released per scope (OpenID Connect Core §5.4). */
export function scopedClaims(account: Account, scopes: string[]): Record<string, unknown> {
  return {
    ...(scopes.includes('profile') && { name: account.name ?? account.username, preferred_username: account.username }),
    ...(scopes.includes('email') && account.email && { email: account.email, email_verified: account.emailVerified }),
  };
}

export interface IdTokenInput {
  issuer: string;
  clientId: string;
  account: Account;
  scopes: string[];
  nowSec: number;
  ttlSec: number;
  authTimeSec: number;
  sid?: string | null | undefined;
  nonce?: string | null | undefined;
  accessToken: string;
  /** OIDC Core §2 acr and amr (RFC 8176) of the sign-in behind the grant. */
  authentication?: { amr: string[]; acr: string } | undefined;
}

/** OpenID Connect Core §2 and §3.1.3.6. */
export function buildIdToken(keys: KeyStore, t: IdTokenInput): Promise<string> {
  return signJwt(keys, 'JWT', {
    iss: t.issuer,
    sub: t.account.id,
    aud: t.clientId,
    exp: t.nowSec + t.ttlSec,
    iat: t.nowSec,
    auth_time: t.authTimeSec,
    ...(t.authentication && { acr: t.authentication.acr, amr: t.authentication.amr }),
    ...(t.nonce && { nonce: t.nonce }),
    at_hash: atHash(t.accessToken),
    ...(t.sid && { sid: t.sid }),
    ...scopedClaims(t.account, t.scopes),
  });
}
