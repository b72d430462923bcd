import type { KeyStore } from '../keys/key-store.js';
import { randomBase64url } from './opaque.js';
import { signJwt } from './sign-jwt.js';

export interface AccessTokenInput {
  issuer: string;
  audience: string;
  clientId: string;
  /** Account id, or the client id for client_credentials (RFC 9068 §2.2). */
  subject: string;
  scope: string;
  /** Only for APIs that ask for the user's roles; omitted otherwise. */
  roles?: string[] | undefined;
  nowSec: number;
  ttlSec: number;
  /** Grant the token belongs to; revoking the grant revokes the token at introspection. */
  grantId?: string | undefined;
  authTime?: number | undefined;
  /** RFC 9068 §2.2.1: how the user authenticated (RFC 8176), for APIs that want a second factor. */
  authentication?: { amr: string[]; acr: string } | undefined;
}

/**
 * `jti` is `<grantId>.<random>` so introspection and userinfo can find the grant without a write
 * per issued token; client_credentials tokens have no grant and a bare random jti.
 */
export const grantIdFromJti = (jti: string | undefined): string | undefined => {
  const dot = jti?.indexOf('.') ?? -1;
  return jti && dot > 0 ? jti.slice(0, dot) : undefined;
};

/** RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti, plus scope and roles. */
export async function buildAccessToken(keys: KeyStore, a: AccessTokenInput): Promise<{ token: string; jti: string; exp: number }> {
  const random = randomBase64url(16);
  const jti = a.grantId ? `${a.grantId}.${random}` : random;
  const exp = a.nowSec + a.ttlSec;
  const token = await signJwt(keys, 'at+jwt', {
    iss: a.issuer,
    sub: a.subject,
    aud: a.audience,
    client_id: a.clientId,
    scope: a.scope,
    ...(a.roles && { roles: a.roles }),
    iat: a.nowSec,
    exp,
    jti,
    ...(a.authTime !== undefined && { auth_time: a.authTime }),
    ...(a.authentication && { acr: a.authentication.acr, amr: a.authentication.amr }),
  });
  return { token, jti, exp };
}
