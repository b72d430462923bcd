import express, { Router } from 'express';
import type { JWTVerifyGetKey } from 'jose';
import type { Config } from '../config.js';
import type { AppDeps } from '../deps.js';
import { refreshTokens } from '../oidc/tokens.js';
import { requireCsrf } from '../session/csrf.js';
import { sessionOf } from '../session/session-middleware.js';
import { decodeToken } from './decode-token.js';
import type { DecodedToken } from './decode-token.js';
import { requireSignIn } from './require-sign-in.js';

/** The last sign-in as a timeline, and the tokens it produced taken apart like jwt.io does. */
export function howItWorksRouter(config: Config, deps: AppDeps): Router {
  const router = Router();

  router.get('/how-it-works', async (_req, res) => {
    const session = sessionOf(res).current;
    const tokens = session?.user ? session.tokens : undefined;
    let keySet: JWTVerifyGetKey | undefined;
    let jwksUri: string | undefined;
    if (tokens) {
      try {
        keySet = await deps.oidc.keySet();
        jwksUri = (await deps.oidc.configuration()).serverMetadata().jwks_uri;
      } catch (err) {
        deps.logger.warn({ err }, 'JWKS unavailable');
      }
    }
    const now = deps.clock.now();
    const decoded: DecodedToken[] = [];
    if (tokens?.idToken) decoded.push(await decodeToken('ID token', tokens.idToken, keySet, now));
    if (tokens?.accessToken) {
      try {
        decoded.push(await decodeToken('Access token', tokens.accessToken, keySet, now));
      } catch {
        /* an opaque access token has nothing to decode */
      }
    }
    const claims = session?.user?.claims ?? {};
    res.render('how-it-works', {
      title: 'How it works',
      // RFC 8176 / OIDC Core §2: how the auth server says the user signed in.
      amr: Array.isArray(claims.amr) ? claims.amr.map(String) : undefined,
      acr: typeof claims.acr === 'string' ? claims.acr : undefined,
      timeline: session?.timeline ?? [],
      decoded,
      jwksUri,
      hasRefreshToken: !!tokens?.refreshToken,
      accessTokenExpiresAt: tokens?.accessTokenExpiresAt,
      now,
    });
  });

  router.post('/refresh', requireSignIn, express.urlencoded({ extended: false, limit: '4kb' }), requireCsrf(config), async (_req, res) => {
    await refreshTokens(sessionOf(res).current!, config, deps, 'Asked from the "how it works" page, the app');
    res.redirect(303, '/how-it-works');
  });

  return router;
}
