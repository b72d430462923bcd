import type { JWK } from 'jose';

export interface SigningKey {
  kid: string;
  alg: string;
  publicJwk: JWK;
  /** The private JWK sealed as a compact JWE (keys/key-encryption.ts); the store never sees it in clear. */
  sealedPrivateKey: string;
  createdAt: number;
  activeFrom: number;
  retiredAt: number | null;
  expiresAt: number | null;
  /**
   * Until then the public half still verifies id_token_hints (RP-Initiated Logout §2), though the
   * key left the JWKS at expiresAt and its private half was erased. null: until expiresAt.
   */
  verifyUntil?: number | null;
}
