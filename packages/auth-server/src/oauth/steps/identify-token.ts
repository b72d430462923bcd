import type { JWTPayload } from 'jose';
import type { AppContext } from '../../app-context.js';
import type { RefreshToken } from '../../tokens/refresh-token.js';
import { hashToken } from '../../tokens/opaque.js';
import { checkAccessToken } from './check-access-token.js';

export type IdentifiedToken =
  | { kind: 'refresh_token'; record: RefreshToken }
  /** Only ever a token that verified: our signature, issuer and type, not expired, not revoked. */
  | { kind: 'access_token'; payload: JWTPayload; active: true }
  | { kind: 'unknown' };

/**
 * Finds what a token is. The hint only orders the lookups (RFC 7009 §2.1, RFC 7662 §2.1): a wrong
 * hint must not make a valid token unknown.
 */
export async function identifyToken(ctx: AppContext, token: string, hint: string | undefined): Promise<IdentifiedToken> {
  const looksLikeJwt = token.split('.').length === 3;
  const order = hint === 'refresh_token' || !looksLikeJwt ? ['refresh', 'access'] : ['access', 'refresh'];
  for (const kind of order) {
    if (kind === 'refresh') {
      const record = token.length <= 256 ? await ctx.store.refreshTokens.find(hashToken(token)) : undefined;
      if (record) return { kind: 'refresh_token', record };
    } else if (looksLikeJwt) {
      try {
        return { kind: 'access_token', payload: await checkAccessToken(ctx, token), active: true };
      } catch {
        // Expired, revoked, forged or foreign: nothing to report and nothing to record (an
        // unverified token must never reach the revocation list).
      }
    }
  }
  return { kind: 'unknown' };
}
