import type { AppContext } from '../../app-context.js';
import { epochSeconds } from '../../clock.js';
import type { Account, Client, Grant } from '../../store/types.js';
import { buildAccessToken } from '../../tokens/access-token.js';
import { buildIdToken } from '../../tokens/id-token.js';
import { hashToken, randomToken } from '../../tokens/opaque.js';
import type { TokenResponse } from './grant.js';

/**
 * Tokens for a user grant: a JWT access token, an ID token when `openid` was granted, and a new
 * refresh token when the client may refresh (sliding lifetime, capped by the grant's absolute one).
 */
export async function issueUserTokens(
  ctx: AppContext,
  args: { client: Client; account: Account; grant: Grant; scope: string; nonce?: string | null },
): Promise<TokenResponse> {
  const { client, account, grant, scope } = args;
  const { config, keys } = ctx;
  const scopes = scope.split(' ');
  const now = ctx.clock();
  const nowSec = epochSeconds(ctx.clock);
  const authTimeSec = Math.floor((grant.authTime ?? now) / 1000);
  // Recorded when the code was issued; a refreshed ID token states the same sign-in (OIDC Core §12.2).
  const authentication = await ctx.store.grantAuthentications.find(grant.id);
  const access = await buildAccessToken(keys, {
    issuer: config.issuer,
    audience: config.resourceAudience,
    clientId: client.clientId,
    subject: account.id,
    scope,
    roles: account.roles,
    nowSec,
    ttlSec: config.ttl.accessToken,
    grantId: grant.id,
    authTime: authTimeSec,
    authentication,
  });
  const response: TokenResponse = { access_token: access.token, token_type: 'Bearer', expires_in: config.ttl.accessToken, scope };
  if (scopes.includes('openid')) {
    response.id_token = await buildIdToken(keys, {
      issuer: config.issuer,
      clientId: client.clientId,
      account,
      scopes,
      nowSec,
      ttlSec: config.ttl.idToken,
      authTimeSec,
      sid: grant.sid,
      nonce: args.nonce,
      accessToken: access.token,
      authentication,
    });
  }
  if (client.grantTypes.includes('refresh_token')) {
    const refreshToken = randomToken();
    await ctx.store.refreshTokens.create({
      tokenHash: hashToken(refreshToken),
      grantId: grant.id,
      clientId: client.clientId,
      accountId: account.id,
      scope,
      createdAt: now,
      expiresAt: Math.min(now + config.ttl.refreshToken * 1000, grant.expiresAt),
    });
    response.refresh_token = refreshToken;
  }
  return response;
}
