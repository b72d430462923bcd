import { compactVerify, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { InvalidToken } from '@sso/shared';
import type { KeyStore } from '../keys/key-store.js';

type KeyLookup = (kid: string) => ReturnType<KeyStore['publicKey']>;

async function keyFor(lookup: KeyLookup, token: string) {
  let kid: string | undefined;
  let alg: string | undefined;
  try {
    ({ kid, alg } = decodeProtectedHeader(token));
  } catch {
    throw new InvalidToken('The token is malformed');
  }
  if (alg !== 'RS256' || !kid) throw new InvalidToken('The token was not signed by this server');
  const key = await lookup(kid);
  if (!key) throw new InvalidToken('The token was not signed by this server');
  return key;
}

/** Verifies a token this server issued: our keys only, RS256 only, the expected `typ`. */
export async function verifyOwnToken(
  keys: KeyStore,
  token: string,
  opts: { issuer: string; typ: 'at+jwt' | 'JWT'; nowSec: number },
): Promise<JWTPayload> {
  const key = await keyFor((kid) => keys.publicKey(kid), token);
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
 * An ID token used as a hint (RP-Initiated Logout §2, OIDC Core §3.1.2.1): our signature (also by
 * a key retired from the JWKS but kept for hints), our issuer, and an ID token: `typ: JWT` with
 * `sub` and `aud`, so an access token (`at+jwt`) or a logout token (`logout+jwt`) is no hint.
 * An expired token is still a valid hint.
 */
export async function verifyIdTokenHint(keys: KeyStore, token: string, issuer: string): Promise<JWTPayload> {
  const key = await keyFor((kid) => keys.hintKey(kid), token);
  let payload: JWTPayload;
  try {
    const { payload: bytes, protectedHeader } = await compactVerify(token, key, { algorithms: ['RS256'] });
    if (protectedHeader.typ !== 'JWT') throw new Error('not an ID token');
    payload = JSON.parse(new TextDecoder().decode(bytes)) as JWTPayload;
  } catch {
    throw new InvalidToken('id_token_hint is invalid');
  }
  if (payload.iss !== issuer) throw new InvalidToken('id_token_hint was not issued here');
  if (typeof payload.sub !== 'string' || payload.aud === undefined || 'events' in payload) {
    throw new InvalidToken('id_token_hint is not an ID token');
  }
  return payload;
}
