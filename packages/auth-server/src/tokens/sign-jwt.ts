import { SignJWT, type JWTPayload } from 'jose';
import type { KeyStore } from '../keys/key-store.js';

/**
 * Signs a JWT with the current RS256 key. `typ` distinguishes token kinds so one can never be
 * accepted as another (RFC 8725 §3.11): `JWT` for ID tokens, `at+jwt` (RFC 9068 §2.1) for access
 * tokens, `logout+jwt` (Back-Channel Logout §2.4) for logout tokens.
 */
export async function signJwt(keys: KeyStore, typ: 'JWT' | 'at+jwt' | 'logout+jwt', payload: JWTPayload): Promise<string> {
  const key = await keys.current();
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, typ, kid: key.kid }).sign(key.privateKey);
}
