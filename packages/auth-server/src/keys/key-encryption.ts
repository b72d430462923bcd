import { hkdfSync } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader, type JWK } from 'jose';

/**
 * Private signing keys are stored encrypted: a compact JWE (RFC 7516) with `dir` + A256GCM under a
 * key derived from KEY_ENCRYPTION_SECRET (HKDF-SHA256, RFC 5869). The kid rides in the protected
 * header, which GCM authenticates, so a sealed key cannot be swapped onto another key's row.
 * A database dump alone then yields no usable private key.
 */
export interface KeySealer {
  seal(kid: string, privateJwk: JWK): Promise<string>;
  open(kid: string, sealed: string): Promise<JWK>;
}

export function createKeySealer(secret: string): KeySealer {
  const key = new Uint8Array(hkdfSync('sha256', secret, 'sso-signing-keys', 'private-jwk-v1', 32));
  return {
    seal: (kid, privateJwk) =>
      new CompactEncrypt(new TextEncoder().encode(JSON.stringify(privateJwk)))
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid, cty: 'jwk+json' })
        .encrypt(key),
    async open(kid, sealed) {
      let sealedKid: unknown;
      try {
        sealedKid = decodeProtectedHeader(sealed).kid;
      } catch {
        throw new Error(`stored private key ${kid} is not a sealed JWE: the store was written by another version, or damaged`);
      }
      if (sealedKid !== kid) throw new Error(`sealed private key does not belong to key ${kid}`);
      try {
        const { plaintext } = await compactDecrypt(sealed, key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
        return JSON.parse(new TextDecoder().decode(plaintext)) as JWK;
      } catch {
        throw new Error(`cannot decrypt private key ${kid}: KEY_ENCRYPTION_SECRET differs from the one it was stored with`);
      }
    },
  };
}
