import type { JWK } from 'jose';
import type { KeyObject } from 'node:crypto';
import type { SigningKey } from './signing-key.js';

export interface ActiveKey {
  kid: string;
  alg: 'RS256';
  /** A node:crypto key: signing runs on the thread pool (tokens/sign-jwt.ts). */
  privateKey: KeyObject;
}

/**
 * Signing keys shared by every instance through the store.
 * A new key is published (in the JWKS) before it signs; a retired key stays published until every
 * token it signed has expired.
 */
export interface KeyStore {
  /** The key that signs now. Creates the first key on an empty store. */
  current(): Promise<ActiveKey>;
  /**
   * Public keys of current, upcoming and recently retired keys (RFC 7517): the same object for as
   * long as the same keys are published (frozen: it is shared).
   */
  jwks(): Promise<{ keys: JWK[] }>;
  /** Public key by kid, for verifying our own tokens (userinfo, introspection, id_token_hint). */
  publicKey(kid: string): Promise<KeyObject | undefined>;
  /**
   * Public key by kid for an id_token_hint only: also retired keys that left the JWKS, until the
   * longest refresh-token lifetime has passed (keys/key-schedule.ts hintKeyLifetimeMs).
   */
  hintKey(kid: string): Promise<KeyObject | undefined>;
  /**
   * Adds a new key and retires the current one once the new one is active. `immediate` skips the
   * publish-ahead delay: for a compromised key, accepting that resource servers with a cached JWKS
   * refetch it on first sight of the new kid. A key still waiting from an earlier rotation is
   * cancelled (retired before it ever signs): the newest rotation decides what signs next.
   */
  rotate(opts?: { immediate?: boolean }): Promise<SigningKey>;
  list(): Promise<SigningKey[]>;
  /** Forget cached keys so the next call reads the store (another instance may have rotated). */
  refresh(): void;
}
