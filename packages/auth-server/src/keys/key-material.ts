import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { SigningKey } from '../store/types.js';

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
 *
 * Known follow-up: the private JWK is stored as plain JSON; at-rest encryption (envelope key from
 * a KMS or an env secret) is not done yet, so the store itself must be protected like a secret.
 */
export async function generateSigningKey(now: number, activeFrom: number): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { modulusLength: MODULUS_LENGTH, extractable: true });
  const pub = await exportJWK(publicKey);
  const priv = await exportJWK(privateKey);
  const publicJwk: JWK = { kty: pub.kty, n: pub.n, e: pub.e };
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  return {
    kid,
    alg: SIGNING_ALG,
    publicJwk,
    privateJwk: { ...priv, kid, alg: SIGNING_ALG },
    createdAt: now,
    activeFrom,
    retiredAt: null,
    expiresAt: null,
  };
}

async function importRsa(jwk: JWK): Promise<CryptoKey> {
  const key = await importJWK(jwk, SIGNING_ALG);
  if (key instanceof Uint8Array) throw new Error('signing keys must be RSA, not symmetric');
  return key;
}

/** Imports keys lazily and once: a kid always names the same key material. */
export function keyImporter() {
  const privates = new Map<string, Promise<CryptoKey>>();
  const publics = new Map<string, Promise<CryptoKey>>();
  const memo = (cache: Map<string, Promise<CryptoKey>>, kid: string, jwk: JWK) => {
    let p = cache.get(kid);
    if (!p) {
      p = importRsa(jwk);
      cache.set(kid, p);
    }
    return p;
  };
  return {
    privateKey: (k: SigningKey) => memo(privates, k.kid, k.privateJwk),
    publicKey: (k: SigningKey) => memo(publics, k.kid, { kty: k.publicJwk.kty, n: k.publicJwk.n, e: k.publicJwk.e }),
    /** Drops keys deleted from the store. */
    retain(kids: ReadonlySet<string>) {
      for (const cache of [privates, publics]) for (const kid of cache.keys()) if (!kids.has(kid)) cache.delete(kid);
    },
  };
}
