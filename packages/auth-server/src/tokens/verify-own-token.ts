import { compactVerify, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { InvalidToken } from '@sso/shared';
import type { KeyStore } from '../keys/key-store.js';

async function keyFor(keys: KeyStore, token: string) {
  let kid: string | undefined;
  let alg: string | undefined;
  try {
    ({ kid, alg } = decodeProtectedHeader(token));
  } catch {
    throw new InvalidToken('The token is malformed');
  }
  if (alg !== 'RS256' || !kid) throw new InvalidToken('The token was not signed by this server');
  const key = await keys.publicKey(kid);
  if (!key) throw new InvalidToken('The token was not signed by this server');
  return key;
}

/** Verifies a token this server issued: our keys only, RS256 only, the expected `typ`. */
export async function verifyOwnToken(
  keys: KeyStore,
  token: string,
  opts: { issuer: string; typ: 'at+jwt' | 'JWT'; nowSec: number },
): Promise<JWTPayload> {
  const key = await keyFor(keys, token);
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['RS256'],
      issuer: opts.issuer,
      typ: opts.typ,
      currentDate: new Date(opts.nowSec * 1000),
      clockTolerance: 5,
    });
    return payload;
  } catch {
    throw new InvalidToken('The token is invalid or expired');
  }
}

/**
 * An ID token used as a hint (RP-Initiated Logout §2): signature and issuer must hold, but an
 * expired token is still a valid hint.
 */
export async function verifyIdTokenHint(keys: KeyStore, token: string, issuer: string): Promise<JWTPayload> {
  const key = await keyFor(keys, token);
  let payload: JWTPayload;
  try {
    const { payload: bytes } = await compactVerify(token, key, { algorithms: ['RS256'] });
    payload = JSON.parse(new TextDecoder().decode(bytes)) as JWTPayload;
  } catch {
    throw new InvalidToken('id_token_hint is invalid');
  }
  if (payload.iss !== issuer) throw new InvalidToken('id_token_hint was not issued here');
  return payload;
}
