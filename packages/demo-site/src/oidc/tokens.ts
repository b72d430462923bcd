import * as client from 'openid-client';
import type { Config } from '../config.js';
import type { AppDeps } from '../deps.js';
import type { Session, TokenSet } from '../session/session-store.js';
import { record } from '../session/timeline.js';

type TokenResponse = client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;

export function tokenSetFrom(tokens: TokenResponse, now: number, previous?: TokenSet): TokenSet {
  const expiresIn = tokens.expiresIn();
  return {
    idToken: tokens.id_token ?? previous?.idToken ?? '',
    accessToken: tokens.access_token,
    // RFC 6749 §6: the server may rotate the refresh token; keep the old one if it did not.
    refreshToken: tokens.refresh_token ?? previous?.refreshToken,
    accessTokenExpiresAt: expiresIn !== undefined ? now + expiresIn * 1000 : undefined,
    scope: tokens.scope ?? previous?.scope,
  };
}

export function nameOf(claims: Record<string, unknown>): string {
  for (const key of ['name', 'preferred_username', 'email', 'sub']) {
    const v = claims[key];
    if (typeof v === 'string' && v) return v;
  }
  return 'unknown';
}

/** The session's tokens are gone for good (refresh refused): the visitor must sign in again. */
export class SignInAgain extends Error {}

export function needsRefresh(tokens: TokenSet, config: Config, now: number): boolean {
  return tokens.accessTokenExpiresAt !== undefined && now >= tokens.accessTokenExpiresAt - config.refreshSkewSeconds * 1000;
}

/** Refresh grant (RFC 6749 §6); a refused refresh ends the local session. */
export async function refreshTokens(session: Session, config: Config, deps: AppDeps, reason: string): Promise<TokenSet> {
  const current = session.tokens;
  if (!current?.refreshToken) throw new SignInAgain('no refresh token');
  const oidc = await deps.oidc.configuration();
  try {
    const refreshed = await client.refreshTokenGrant(oidc, current.refreshToken);
    const now = deps.clock.now();
    session.tokens = tokenSetFrom(refreshed, now, current);
    record(session.timeline, {
      at: now,
      kind: 'refresh',
      title: 'Access token refreshed',
      detail: `${reason} POST ${oidc.serverMetadata().token_endpoint} with grant_type=refresh_token; new access token valid ${session.tokens.accessTokenExpiresAt ? Math.round((session.tokens.accessTokenExpiresAt - now) / 1000) : '?'} s${refreshed.refresh_token ? ', refresh token rotated' : ''}.`,
    });
    return session.tokens;
  } catch (err) {
    if (err instanceof client.ResponseBodyError && err.error === 'invalid_grant') {
      deps.sessions.destroy(session.id);
      throw new SignInAgain('refresh token refused');
    }
    throw err;
  }
}

/** The access token to send now, refreshed first when it has expired or is about to. */
export async function freshAccessToken(session: Session, config: Config, deps: AppDeps): Promise<string> {
  const tokens = session.tokens;
  if (!tokens) throw new SignInAgain('not signed in');
  if (!needsRefresh(tokens, config, deps.clock.now())) return tokens.accessToken;
  return (await refreshTokens(session, config, deps, 'The access token had expired, so the app')).accessToken;
}
