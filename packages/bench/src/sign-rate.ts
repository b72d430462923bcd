import { randomUUID } from 'node:crypto';
import { SignJWT, generateKeyPair, type CryptoKey } from 'jose';

/** What the auth server signs: RS256 with a 2048-bit key (auth-server/src/keys/key-material.ts). */
export const signingKey = (): Promise<CryptoKey> =>
  generateKeyPair('RS256', { modulusLength: 2048 }).then(({ privateKey }) => privateKey);

/** A client_credentials access token's claims (auth-server/src/tokens/access-token.ts), so sizes match. */
function sign(key: CryptoKey): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ client_id: 'bench-service', scope: 'notes:read', roles: [], jti: randomUUID() })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'bench-key-0000000000000000000000000000000000' })
    .setIssuer('http://auth.localhost:4000')
    .setAudience('http://api.localhost:4001')
    .setSubject('bench-service')
    .setIssuedAt(now)
    .setExpirationTime(now + 900)
    .sign(key);
}

export interface SignBurst {
  signs: number;
  seconds: number;
}

/**
 * Signs for `seconds` with `concurrency` signatures in flight. jose uses WebCrypto, whose RSA
 * signing runs on libuv's thread pool, so concurrency > 1 can use more than one core.
 */
export async function signFor(key: CryptoKey, seconds: number, concurrency: number): Promise<SignBurst> {
  const start = performance.now();
  const end = start + seconds * 1000;
  let signs = 0;
  const lane = async () => {
    while (performance.now() < end) {
      await sign(key);
      signs += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { signs, seconds: (performance.now() - start) / 1000 };
}
