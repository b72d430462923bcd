import { createPrivateKey, createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { SigningKey } from './signing-key.js';
import type { KeySealer } from './key-encryption.js';

export const SIGNING_ALG = 'RS256';
const MODULUS_LENGTH = 2048;

/** RFC 7517 §9.3: only these RSA members may leave the server; d, p, q, dp, dq, qi never do. */
export function publicJwkOf(key: Pick<SigningKey, 'kid' | 'publicJwk'>): JWK {
  const { kty, n, e } = key.publicJwk;
  return { kty, n, e, kid: key.kid, alg: SIGNING_ALG, use: 'sig' };
}

/**
 * A fresh RS256 key pair as JWKs. The kid is the RFC 7638 thumbprint, so it is derived from the
 * key itself and two instances can never give different keys the same kid.
 * The private half is sealed (key-encryption.ts) before it reaches the store.
 */
export async function generateSigningKey(now: number, activeFrom: number, sealer: KeySealer): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { modulusLength: MODULUS_LENGTH, extractable: true });
  const pub = await exportJWK(publicKey);
  const priv = await exportJWK(privateKey);
  const publicJwk: JWK = { kty: pub.kty, n: pub.n, e: pub.e };
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  return {
    kid,
    alg: SIGNING_ALG,
    publicJwk,
    sealedPrivateKey: await sealer.seal(kid, { ...priv, kid, alg: SIGNING_ALG }),
    createdAt: now,
    activeFrom,
    retiredAt: null,
    expiresAt: null,
  };
}

function importRsa(jwk: JWK, type: 'private' | 'public'): KeyObject {
  if (jwk.kty !== 'RSA') throw new Error('signing keys must be RSA');
  const key = { key: jwk as JsonWebKey, format: 'jwk' as const };
  return type === 'private' ? createPrivateKey(key) : createPublicKey(key);
}

/** Imports keys lazily and once: a kid always names the same key material. */
export function keyImporter(sealer: KeySealer) {
  const privates = new Map<string, Promise<KeyObject>>();
  const publics = new Map<string, Promise<KeyObject>>();
  const memo = (cache: Map<string, Promise<KeyObject>>, kid: string, type: 'private' | 'public', jwk: () => Promise<JWK>) => {
    let p = cache.get(kid);
    if (!p) {
      p = jwk().then((k) => importRsa(k, type));
      cache.set(kid, p);
    }
    return p;
  };
  return {
    privateKey: (k: SigningKey) => memo(privates, k.kid, 'private', () => sealer.open(k.kid, k.sealedPrivateKey)),
    publicKey: (k: SigningKey) => memo(publics, k.kid, 'public', () => Promise.resolve({ kty: k.publicJwk.kty, n: k.publicJwk.n, e: k.publicJwk.e })),
    /** Drops keys deleted from the store. */
    retain(kids: ReadonlySet<string>) {
      for (const cache of [privates, publics]) for (const kid of cache.keys()) if (!kids.has(kid)) cache.delete(kid);
    },
  };
}
