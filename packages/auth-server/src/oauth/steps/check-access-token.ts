import { InvalidToken } from '@sso/shared';
import type { JWTPayload } from 'jose';
import type { AppContext } from '../../app-context.js';
import { epochSeconds } from '../../clock.js';
import { grantIdFromJti } from '../../tokens/access-token.js';
import { CLOCK_TOLERANCE_SEC, longestAccessTokenLifetimeSec } from '../../tokens/token-lifetime.js';
import { verifyOwnToken } from '../../tokens/verify-own-token.js';

/** One of our access tokens that is still live: signature, expiry, and neither it nor its grant revoked. */
export async function checkAccessToken(ctx: AppContext, token: string): Promise<JWTPayload> {
  const nowSec = epochSeconds(ctx.clock);
  const payload = await verifyOwnToken(ctx.keys, token, { issuer: ctx.config.issuer, typ: 'at+jwt', nowSec });
  // Older than any token we issue: its revocation entry may be gone, so it is not honoured either.
  if (typeof payload.iat !== 'number' || payload.iat + longestAccessTokenLifetimeSec(ctx.config) + CLOCK_TOLERANCE_SEC < nowSec) {
    throw new InvalidToken('The token is invalid or expired');
  }
  const jti = typeof payload.jti === 'string' ? payload.jti : undefined;
  if (!jti) throw new InvalidToken('The token has no identifier');
  if (await ctx.store.revokedTokens.isRevoked(jti)) throw new InvalidToken('The token has been revoked');
  const grantId = grantIdFromJti(jti);
  if (grantId) {
    const grant = await ctx.store.grants.find(grantId);
    if (!grant || grant.revokedAt !== null) throw new InvalidToken('The token has been revoked');
  }
  return payload;
}
