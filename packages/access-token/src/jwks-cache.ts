import { importJWK } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { InvalidToken, TemporarilyUnavailable } from './errors.js';

export interface JwksCacheOptions {
  /** The only place keys are trusted from; `jku` / `jwk` / `x5u` / `x5c` headers are never followed (RFC 8725 §3.10). */
  jwksUri: string;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; injectable so tests move time without sleeping. */
  clock?: () => number;
  /** At most one fetch per cooldown, whatever the outcome: a flood of forged `kid`s cannot hammer the issuer. */
  cooldownMs?: number;
  /** After this age the set is refreshed in the background; the old keys keep serving meanwhile. */
  maxAgeMs?: number;
  timeoutMs?: number;
  /** Told about failed fetches (the caller logs them); the cache itself never throws them at requests that hold a known key. */
  onError?: (error: unknown) => void;
}

export interface JwksCacheStats {
  fetches: number;
  failures: number;
  keys: number;
}

export interface JwksCache {
  /** Resolves the issuer's public key for `kid`; throws InvalidToken (unknown kid) or TemporarilyUnavailable (no keys at all). */
  getKey(kid: unknown): Promise<CryptoKey>;
  /** Whether `kid` is still published, as of the last successful fetch. */
  has(kid: string): boolean;
  stats(): JwksCacheStats;
}

export function createJwksCache(options: JwksCacheOptions): JwksCache {
  const { jwksUri, fetch: fetchImpl = fetch, clock = Date.now } = options;
  const { cooldownMs = 30_000, maxAgeMs = 600_000, timeoutMs = 5_000, onError } = options;
  let keys = new Map<string, CryptoKey>();
  let loadedAt: number | undefined;
  let attemptedAt: number | undefined;
  let pending: Promise<void> | undefined;
  let fetches = 0;
  let failures = 0;

  const coolingDown = () => attemptedAt !== undefined && clock() - attemptedAt < cooldownMs;

  const load = async (): Promise<void> => {
    attemptedAt = clock();
    fetches += 1;
    try {
      // redirect: 'manual' — a redirect must not move trust to another origin.
      const response = await fetchImpl(jwksUri, {
        headers: { accept: 'application/jwk-set+json, application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.status !== 200) throw new Error(`JWKS endpoint answered ${response.status}`);
      const next = await importKeySet(await response.json());
      if (next.size === 0) throw new Error('JWKS holds no usable RS256 signing key');
      keys = next;
      loadedAt = clock();
    } catch (error) {
      failures += 1;
      onError?.(error);
      throw error;
    }
  };

  /** One fetch at a time; callers arriving meanwhile share it. */
  const refresh = (): Promise<void> => {
    pending ??= load().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  return {
    async getKey(kid) {
      // RFC 7515 §4.1.4: the issuer names its keys; without a kid we would have to guess.
      if (typeof kid !== 'string' || kid === '') throw new InvalidToken('the token header has no kid');
      if (loadedAt === undefined) {
        if (pending) await pending.catch(() => undefined);
        else if (!coolingDown()) await refresh().catch(() => undefined);
        if (loadedAt === undefined) throw new TemporarilyUnavailable('the issuer signing keys cannot be fetched');
      } else if (clock() - loadedAt >= maxAgeMs && !pending && !coolingDown()) {
        void refresh().catch(() => undefined);
      }
      const known = keys.get(kid);
      if (known) return known;
      // Rotation: an unseen kid may be a new key, so look again, but only once per cooldown.
      if (pending) await pending.catch(() => undefined);
      else if (!coolingDown()) await refresh().catch(() => undefined);
      const fresh = keys.get(kid);
      if (fresh) return fresh;
      throw new InvalidToken('no key published by the issuer matches the token kid');
    },
    has: (kid) => keys.has(kid),
    stats: () => ({ fetches, failures, keys: keys.size }),
  };
}

async function importKeySet(body: unknown): Promise<Map<string, CryptoKey>> {
  const list = (body as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new Error('JWKS response has no "keys" array'); // RFC 7517 §5
  const result = new Map<string, CryptoKey>();
  for (const jwk of list as JWK[]) {
    if (!isRs256VerificationKey(jwk) || typeof jwk.kid !== 'string') continue;
    const key = await importJWK({ ...jwk, ext: true }, 'RS256').catch(() => undefined);
    if (key && !(key instanceof Uint8Array) && key.type === 'public') result.set(jwk.kid, key);
  }
  return result;
}

/** RFC 7517 §4.2–4.4: honour `use`, `key_ops` and `alg` when the issuer states them; private members are refused. */
function isRs256VerificationKey(jwk: JWK): boolean {
  if (typeof jwk !== 'object' || jwk === null || jwk.kty !== 'RSA' || 'd' in jwk) return false;
  if (jwk.use !== undefined && jwk.use !== 'sig') return false;
  if (jwk.alg !== undefined && jwk.alg !== 'RS256') return false;
  return jwk.key_ops === undefined || (Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'));
}
