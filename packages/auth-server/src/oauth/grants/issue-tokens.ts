import type { AppContext } from '../../app-context.js';
import { loadRegistry, type ScopeRegistry } from '../../apis/registry.js';
import { resolveTarget, type TokenTarget } from '../../apis/resolve-target.js';
import { tokenAudience } from '../../apis/token-audience.js';
import { epochSeconds } from '../../clock.js';
import type { Store } from '../../store/types.js';
import type { Account } from '../../accounts/account.js';
import type { Client } from '../../clients/client.js';
import type { Grant } from '../../tokens/grant.js';
import { buildAccessToken } from '../../tokens/access-token.js';
import { buildIdToken } from '../../tokens/id-token.js';
import { hashToken, randomToken } from '../../tokens/opaque.js';
import type { TokenResponse } from './grant.js';

type UserGrantArgs = { client: Client; account: Account; grant: Grant; scope: string };

/** Where the access token goes (RFC 8707), resolved before anything is consumed or rotated. */
export interface ResolvedTarget {
  registry: ScopeRegistry;
  target: TokenTarget;
}

/**
 * Picks the access token's API from the granted scopes and the `resource` asked for (default: the
 * one named at /authorize). Throws invalid_target; callers run it before spending a code or a
 * refresh token, so a refused `resource` leaves them usable.
 */
export async function resolveUserTarget(ctx: AppContext, scope: string, resource: string | null | undefined): Promise<ResolvedTarget> {
  const registry = await loadRegistry(ctx.store, ctx.config);
  return { registry, target: resolveTarget(registry, scope.split(' '), resource) };
}

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

type SignArgs = UserGrantArgs & {
  nonce?: string | null;
  resolved: ResolvedTarget;
  /** amr/acr recorded when the code was issued (grantAuthentications); a refreshed ID token states the same sign-in (OIDC Core §12.2). */
  authentication: { amr: string[]; acr: string } | undefined;
};

/** What spending a code or a refresh token gave: lost when it was already used. */
export type Spent = { won: false } | { won: true; refreshToken: string | undefined };

/**
 * Tokens for a user grant: a JWT access token for one API (or for userinfo only), an ID token when
 * `openid` was granted, and the refresh token that `spend` stores. `spend` is the transaction that
 * consumes the code or rotates the refresh token and stores the next one; it runs while the two
 * JWTs are signed on libuv's thread pool, since neither needs the new refresh token. The
 * transaction never waits on the RSA work, so none stays open while RSA signs. Returns undefined
 * when `spend` lost (the code or token was already used); the signed tokens are then dropped unseen.
 * The refresh token keeps the grant's scopes, so it can later obtain a token for another of its
 * APIs (RFC 8707 §2.2).
 */
export async function issueUserTokens(ctx: AppContext, args: SignArgs, spend: () => Promise<Spent>): Promise<TokenResponse | undefined> {
  const signing = signUserTokens(ctx, args);
  signing.catch(() => undefined); // awaited below, unless spending fails or loses
  const spent = await spend();
  if (!spent.won) return undefined;
  const response = await signing;
  if (spent.refreshToken !== undefined) response.refresh_token = spent.refreshToken;
  return response;
}

/** The access token, then the ID token: its `at_hash` is over the signed access token (OIDC Core §3.1.3.6). */
async function signUserTokens(ctx: AppContext, args: SignArgs): Promise<TokenResponse> {
  const { client, account, grant, scope } = args;
  const { config, keys } = ctx;
  const scopes = scope.split(' ');
  const now = ctx.clock();
  const nowSec = epochSeconds(ctx.clock);
  const authTimeSec = Math.floor((grant.authTime ?? now) / 1000);
  const { audience, ttlSec, roles, scope: tokenScope } = tokenAudience(config, args.resolved.registry, args.resolved.target, account);
  const { authentication } = args;
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
    authentication,
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
      authentication,
    });
  }
  return response;
}
