import { hkdfSync } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader } from 'jose';

/**
 * Factor secrets (TOTP seeds) sealed like the private signing keys (keys/key-encryption.ts): a
 * compact JWE, dir + A256GCM, key from KEY_ENCRYPTION_SECRET by HKDF (RFC 5869) with its own
 * label. The owner's account id rides in the authenticated header, so a sealed secret copied onto
 * another account's row does not open.
 */
export interface SecretSealer {
  seal(owner: string, secret: string): Promise<string>;
  open(owner: string, sealed: string): Promise<string>;
}

export function createSecretSealer(masterSecret: string, label: string): SecretSealer {
  const key = new Uint8Array(hkdfSync('sha256', masterSecret, 'sso-factor-secrets', label, 32));
  return {
    seal: (owner, secret) =>
      new CompactEncrypt(new TextEncoder().encode(secret)).setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: owner }).encrypt(key),
    async open(owner, sealed) {
      if (decodeProtectedHeader(sealed).kid !== owner) throw new Error('sealed factor secret belongs to another account');
      const { plaintext } = await compactDecrypt(sealed, key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
      return new TextDecoder().decode(plaintext);
    },
  };
}
