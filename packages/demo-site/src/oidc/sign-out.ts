import express, { Router } from 'express';
import * as client from 'openid-client';
import type { Config } from '../config.js';
import type { AppDeps } from '../deps.js';
import { requireCsrf } from '../session/csrf.js';
import { sessionOf } from '../session/session-middleware.js';
import { InvalidLogoutToken, SeenTokens, verifyLogoutToken } from './logout-token.js';

/**
 * POST /logout: RP-Initiated Logout 1.0 — end the local session, then send the browser to the auth
 * server's end_session_endpoint, which signs out there and back-channels every other app.
 * POST /backchannel-logout: Back-Channel Logout 1.0 — the auth server tells this app to end sessions.
 */
export function signOutRouter(config: Config, deps: AppDeps): Router {
  const router = Router();
  const seen = new SeenTokens(deps.clock);
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  /**
   * The refresh token was asked for with offline_access, so it outlives the auth-server session by
   * design; the app will never use it again, so it tells the server to forget it (RFC 7009).
   */
  const revoke = async (refreshToken: string | undefined) => {
    if (!refreshToken) return;
    try {
      const oidc = await deps.oidc.configuration();
      if (oidc.serverMetadata().revocation_endpoint) await client.tokenRevocation(oidc, refreshToken, { token_type_hint: 'refresh_token' });
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message }, 'refresh token revocation failed');
    }
  };

  router.post('/logout', form, requireCsrf(config), async (_req, res) => {
    const handle = sessionOf(res);
    const idToken = handle.current?.tokens?.idToken;
    await revoke(handle.current?.tokens?.refreshToken);
    handle.destroy();
    const after = handle.ensure();
    after.flash = `You are signed out of ${config.appName}.`;
    if (!idToken) return res.redirect(303, '/');

    const oidc = await deps.oidc.configuration();
    if (!oidc.serverMetadata().end_session_endpoint) return res.redirect(303, '/');
    after.logoutState = client.randomState();
    const url = client.buildEndSessionUrl(oidc, {
      id_token_hint: idToken,
      post_logout_redirect_uri: config.postLogoutRedirectUri,
      state: after.logoutState,
    });
    res.redirect(303, url.href);
  });

  router.post('/backchannel-logout', form, async (req, res) => {
    // §2.8: the response must not be cached.
    res.set('Cache-Control', 'no-store');
    const token: unknown = (req.body as Record<string, unknown> | undefined)?.logout_token;
    if (typeof token !== 'string' || token === '') {
      return res.status(400).json({ error: 'invalid_request', error_description: 'logout_token is required' });
    }
    try {
      const claims = await verifyLogoutToken(token, {
        issuer: config.issuer,
        clientId: config.clientId,
        keySet: await deps.oidc.keySet(),
        clock: deps.clock,
      });
      if (!seen.firstUse(claims.jti, claims.exp)) throw new InvalidLogoutToken('logout token replayed');
      const ended = deps.sessions.destroyMatching({ sid: claims.sid, sub: claims.sub });
      deps.logger.info({ sid: claims.sid, sub: claims.sub, ended: ended.length }, 'back-channel logout');
      res.status(200).end();
      // After answering: the auth server waits on this response, and revocation calls it back.
      for (const s of ended) void revoke(s.tokens?.refreshToken);
    } catch (err) {
      if (!(err instanceof InvalidLogoutToken)) throw err;
      deps.logger.warn({ reason: err.message }, 'back-channel logout refused');
      res.status(400).json({ error: 'invalid_request', error_description: 'the logout token is not valid' });
    }
  });

  return router;
}
