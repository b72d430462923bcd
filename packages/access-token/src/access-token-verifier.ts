import { jwtVerify } from 'jose';
import { toVerifiedAccessToken } from './access-token-claims.js';
import type { VerifiedAccessToken } from './access-token-claims.js';
import { toInvalidToken } from './describe-jose-error.js';
import { createJwksCache } from './jwks-cache.js';
import type { JwksCacheStats } from './jwks-cache.js';
import { createVerifiedTokenCache } from './verified-token-cache.js';

export interface AccessTokenVerifierOptions {
  issuer: string;
  /** This resource server's identifier; RFC 9068 §4 requires it in `aud`. */
  audience: string;
  jwksUri: string;
  /** Pass `loopbackFetch` when the JWKS lives on a `*.localhost` host. */
  fetch?: typeof fetch;
  /** Milliseconds since the epoch. */
  clock?: () => number;
  clockToleranceSec?: number;
  jwksCooldownMs?: number;
  jwksCacheMaxAgeMs?: number;
  jwksTimeoutMs?: number;
  /** Verified tokens kept; 0 turns the cache off. */
  cacheMax?: number;
  onJwksError?: (error: unknown) => void;
}

export interface AccessTokenVerifierStats {
  cacheHits: number;
  cacheMisses: number;
  cacheSize: number;
  jwks: JwksCacheStats;
}

export interface AccessTokenVerifier {
  /** Resolves the verified token or throws an OAuthError (InvalidToken 401, TemporarilyUnavailable 503). */
  verify(token: string): Promise<VerifiedAccessToken>;
  /** The verified token if it is in the cache and still valid, synchronously; otherwise undefined. */
  cached(token: string): VerifiedAccessToken | undefined;
  stats(): AccessTokenVerifierStats;
}

// RFC 9068 §2.2: required in every access token.
const REQUIRED_CLAIMS = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'];

export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const { issuer, audience, clock = Date.now, clockToleranceSec = 5, cacheMax = 10_000 } = options;
  const jwks = createJwksCache({
    jwksUri: options.jwksUri,
    clock,
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.jwksCooldownMs !== undefined && { cooldownMs: options.jwksCooldownMs }),
    ...(options.jwksCacheMaxAgeMs !== undefined && { maxAgeMs: options.jwksCacheMaxAgeMs }),
    ...(options.jwksTimeoutMs !== undefined && { timeoutMs: options.jwksTimeoutMs }),
    ...(options.onJwksError && { onError: options.onJwksError }),
  });
  const cache = cacheMax > 0 ? createVerifiedTokenCache<VerifiedAccessToken>(cacheMax) : undefined;
  let cacheHits = 0;
  let cacheMisses = 0;

  const lookup = (token: string, now: number): VerifiedAccessToken | undefined => {
    const hit = cache?.get(token, now, (kid) => jwks.has(kid));
    if (hit) cacheHits += 1;
    return hit;
  };

  return {
    cached: (token) => lookup(token, clock()),
    async verify(token) {
      const now = clock();
      const hit = lookup(token, now);
      if (hit) return hit;
      cacheMisses += 1;
      try {
        // The key comes from our JWKS by kid only; jose ignores jku/jwk/x5u/x5c (RFC 8725 §3.10).
        const { payload, protectedHeader } = await jwtVerify(token, (header) => jwks.getKey(header.kid), {
          issuer,
          audience,
          algorithms: ['RS256'], // RFC 8725 §3.1: never let the token pick its algorithm.
          typ: 'at+jwt', // RFC 9068 §4
          clockTolerance: clockToleranceSec,
          currentDate: new Date(now),
          requiredClaims: REQUIRED_CLAIMS,
        });
        const verified = toVerifiedAccessToken(payload, Math.floor(now / 1000), clockToleranceSec);
        cache?.set(token, verified, verified.claims.exp * 1000, protectedHeader.kid as string);
        return verified;
      } catch (error) {
        throw toInvalidToken(error);
      }
    },
    stats: () => ({ cacheHits, cacheMisses, cacheSize: cache?.size ?? 0, jwks: jwks.stats() }),
  };
}
