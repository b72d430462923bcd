import type { AppContext } from '../../app-context.js';
import { loadRegistry } from '../../apis/registry.js';
import { resolveTarget } from '../../apis/resolve-target.js';
import { tokenAudience } from '../../apis/token-audience.js';
import { epochSeconds } from '../../clock.js';
import type { Account, Client, Grant } from '../../store/types.js';
import { buildAccessToken } from '../../tokens/access-token.js';
import { buildIdToken } from '../../tokens/id-token.js';
import { hashToken, randomToken } from '../../tokens/opaque.js';
import type { TokenResponse } from './grant.js';

/**
 * Tokens for a user grant: a JWT access token for one API (or for userinfo only), an ID token when
 * `openid` was granted, and a new refresh token when the client may refresh (sliding lifetime,
 * capped by the grant's absolute one). The refresh token keeps every granted scope, so it can
 * later obtain a token for another of the grant's APIs (RFC 8707 §2.2).
 */
export async function issueUserTokens(
  ctx: AppContext,
  args: { client: Client; account: Account; grant: Grant; scope: string; nonce?: string | null; resource?: string | null | undefined },
): Promise<TokenResponse> {
  const { client, account, grant, scope } = args;
  const { config, keys } = ctx;
  const scopes = scope.split(' ');
  const now = ctx.clock();
  const nowSec = epochSeconds(ctx.clock);
  const authTimeSec = Math.floor((grant.authTime ?? now) / 1000);
  const registry = await loadRegistry(ctx.store, config);
  const target = resolveTarget(registry, scopes, args.resource ?? grant.resource);
  const { audience, ttlSec, roles, scope: tokenScope } = tokenAudience(config, registry, target, account);
  const access = await buildAccessToken(keys, {
    issuer: config.issuer,
    audience,
    clientId: client.clientId,
    subject: account.id,
    scope: tokenScope,
    roles,
    nowSec,
    ttlSec,
    grantId: grant.id,
    authTime: authTimeSec,
  });
  // RFC 6749 §5.1: `scope` is the access token's scope.
  const response: TokenResponse = { access_token: access.token, token_type: 'Bearer', expires_in: ttlSec, scope: tokenScope };
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
