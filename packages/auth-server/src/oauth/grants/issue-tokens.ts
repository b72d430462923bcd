import type { AppContext } from '../../app-context.js';
import { epochSeconds } from '../../clock.js';
import type { Account, Client, Grant, Store } from '../../store/types.js';
import { buildAccessToken } from '../../tokens/access-token.js';
import { buildIdToken } from '../../tokens/id-token.js';
import { hashToken, randomToken } from '../../tokens/opaque.js';
import type { TokenResponse } from './grant.js';

type UserGrantArgs = { client: Client; account: Account; grant: Grant; scope: string };

/**
 * Stores a new refresh token when the client may refresh (sliding lifetime, capped by the grant's
 * absolute one) and returns it. Takes the store to write through, so callers run it inside the
 * transaction that also consumes the code or rotates the previous token.
 */
export async function createRefreshToken(ctx: AppContext, store: Store, args: UserGrantArgs): Promise<string | undefined> {
  const { client, account, grant, scope } = args;
  if (!client.grantTypes.includes('refresh_token')) return undefined;
  const now = ctx.clock();
  const refreshToken = randomToken();
  await store.refreshTokens.create({
    tokenHash: hashToken(refreshToken),
    grantId: grant.id,
    clientId: client.clientId,
    accountId: account.id,
    scope,
    createdAt: now,
    expiresAt: Math.min(now + ctx.config.ttl.refreshToken * 1000, grant.expiresAt),
  });
  return refreshToken;
}

/**
 * Tokens for a user grant: a JWT access token, an ID token when `openid` was granted, and the
 * refresh token already stored by createRefreshToken. Signing happens after the transaction, so no
 * database transaction stays open while RSA signs.
 */
export async function issueUserTokens(
  ctx: AppContext,
  args: UserGrantArgs & { nonce?: string | null; refreshToken: string | undefined },
): Promise<TokenResponse> {
  const { client, account, grant, scope } = args;
  const { config, keys } = ctx;
  const scopes = scope.split(' ');
  const now = ctx.clock();
  const nowSec = epochSeconds(ctx.clock);
  const authTimeSec = Math.floor((grant.authTime ?? now) / 1000);
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
    });
  }
  if (args.refreshToken !== undefined) response.refresh_token = args.refreshToken;
  return response;
}
