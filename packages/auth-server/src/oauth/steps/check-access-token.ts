import { InvalidToken } from '@sso/shared';
import type { JWTPayload } from 'jose';
import type { AppContext } from '../../app-context.js';
import { epochSeconds } from '../../clock.js';
import { grantIdFromJti } from '../../tokens/access-token.js';
import { verifyOwnToken } from '../../tokens/verify-own-token.js';

/** One of our access tokens that is still live: signature, expiry, and neither it nor its grant revoked. */
export async function checkAccessToken(ctx: AppContext, token: string): Promise<JWTPayload> {
  const payload = await verifyOwnToken(ctx.keys, token, { issuer: ctx.config.issuer, typ: 'at+jwt', nowSec: epochSeconds(ctx.clock) });
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
