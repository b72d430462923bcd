import { sign } from 'node:crypto';
import type { JWTPayload } from 'jose';
import type { KeyStore } from '../keys/key-store.js';

const b64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** node:crypto's callback form runs the RSA operation on libuv's thread pool, off the event loop. */
const rsaSha256 = (input: string, key: Parameters<typeof sign>[2]): Promise<Buffer> =>
  new Promise((resolve, reject) => sign('sha256', Buffer.from(input), key, (err, signature) => (err ? reject(err) : resolve(signature))));

/**
 * Signs a JWT with the current RS256 key: the JWS Compact Serialization (RFC 7515 §7.1) of the
 * payload, RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3). `typ` distinguishes token kinds so one
 * can never be accepted as another (RFC 8725 §3.11): `JWT` for ID tokens, `at+jwt` (RFC 9068 §2.1)
 * for access tokens, `logout+jwt` (Back-Channel Logout §2.4) for logout tokens.
 */
export async function signJwt(keys: KeyStore, typ: 'JWT' | 'at+jwt' | 'logout+jwt', payload: JWTPayload): Promise<string> {
  const key = await keys.current();
  const input = `${b64url({ alg: key.alg, typ, kid: key.kid })}.${b64url(payload)}`;
  return `${input}.${(await rsaSha256(input, key.privateKey)).toString('base64url')}`;
}
