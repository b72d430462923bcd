import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

interface Entry<T> {
  value: T;
  /** The token's own `exp`, in ms: an entry never outlives the token (RFC 7519 §4.1.4). */
  expiresAt: number;
  kid: string;
}

export interface VerifiedTokenCache<T> {
  get(token: string, now: number, isKeyStillPublished: (kid: string) => boolean): T | undefined;
  set(token: string, value: T, expiresAt: number, kid: string): void;
  readonly size: number;
}

/**
 * Bounded LRU of already verified tokens, so a token seen again costs a SHA-256 and a map lookup
 * instead of an RSA verification. Keyed by the token's hash: 43 bytes per entry rather than the
 * whole token, and the cache never holds a replayable bearer credential.
 */
export function createVerifiedTokenCache<T>(max: number): VerifiedTokenCache<T> {
  const lru = new LRUCache<string, Entry<T>>({ max });
  const digest = (token: string) => hash('sha256', token, 'base64url');
  return {
    get(token, now, isKeyStillPublished) {
      const id = digest(token);
      const entry = lru.get(id);
      if (!entry) return undefined;
      // Checked on every hit against the injected clock; a key withdrawn from the JWKS voids its tokens.
      if (now >= entry.expiresAt || !isKeyStillPublished(entry.kid)) {
        lru.delete(id);
        return undefined;
      }
      return entry.value;
    },
    set(token, value, expiresAt, kid) {
      lru.set(digest(token), { value, expiresAt, kid });
    },
    get size() {
      return lru.size;
    },
  };
}
