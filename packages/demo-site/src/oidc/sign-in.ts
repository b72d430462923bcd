import { Router } from 'express';
import * as client from 'openid-client';
import type { Config } from '../config.js';
import type { AppDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { AuthServerUnavailable } from './oidc-client.js';
import { sessionOf } from '../session/session-middleware.js';
import { record } from '../session/timeline.js';
import { preLoginCookie } from './pre-login-cookie.js';
import { safeReturnTo } from './return-to.js';
import { ssoProbe } from './sso-probe.js';
import { nameOf, tokenSetFrom } from './tokens.js';
import { ACR_MFA } from '../pages/sensitive.js';

/** Errors a prompt=none request returns when the visitor has to interact (OIDC Core §3.1.2.6). */
const NEEDS_INTERACTION = new Set([
  'login_required',
  'interaction_required',
  'consent_required',
  'account_selection_required',
]);

/**
 * /login starts an authorization code flow with PKCE S256, state and nonce (RFC 9700 §2.1.1);
 * /callback checks the response (state, RFC 9207 `iss`), redeems the code and validates the ID token.
 *
 * Single sign-on is detected exactly: the first request is silent (prompt=none). A code back means
 * the auth server already had a session, so nobody typed a password; `login_required` means it did
 * not, and the app repeats the request without prompt=none, which shows the login page.
 */
export function signInRouter(config: Config, deps: AppDeps): Router {
  const router = Router();
  const preLogin = preLoginCookie(config, deps.clock);
  const probe = ssoProbe(config);

  router.get('/login', async (req, res) => {
    const handle = sessionOf(res);
    const returnTo = safeReturnTo(req.query.returnTo);
    // A step-up asks again although signed in: for a sign-in with a second factor (acr_values).
    const stepUp = req.query.stepUp === '1';
    if (handle.current?.user && !stepUp) return res.redirect(303, returnTo);

    // No server-side session for an anonymous visitor: the sign-in's state rides in a sealed cookie.
    const pre = preLogin.read(req);
    const fresh = req.query.interactive === undefined;
    const silent = config.silentSso && fresh && !stepUp;
    // Only the landing page's own check (home.ts) may end signed out instead of at the login form.
    const probing = silent && req.query.probe === '1';
    const now = deps.clock.now();
    if (fresh) pre.timeline = []; // the timeline shows the last sign-in only

    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    pre.pending.push({ state, nonce, codeVerifier, returnTo, silent, ...(probing ? { probe: true } : {}), startedAt: now });

    let oidc: client.Configuration;
    try {
      oidc = await deps.oidc.configuration();
    } catch (err) {
      // The landing page's own check must not turn it into an error page: show it signed out.
      if (probing && err instanceof AuthServerUnavailable) return res.redirect(303, returnTo);
      throw err;
    }
    const url = client.buildAuthorizationUrl(oidc, {
      redirect_uri: config.redirectUri,
      scope: config.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(silent ? { prompt: 'none' } : {}),
      ...(stepUp ? { acr_values: ACR_MFA } : {}),
    });
    record(pre.timeline, {
      at: now,
      kind: 'authorize',
      title: stepUp ? 'Redirect to authorize (step-up)' : silent ? 'Redirect to authorize (silent check)' : 'Redirect to authorize',
      detail: `${config.appName} sent the browser to ${url.origin}${url.pathname} with response_type=code, a PKCE S256 challenge, state and nonce${silent ? ', and prompt=none to ask "is someone already signed in?" without showing a page' : ''}${stepUp ? `, and acr_values=${ACR_MFA} to ask for a second factor` : ''}.`,
    });
    preLogin.write(res, pre);
    res.redirect(303, url.href);
  });

  router.get('/callback', async (req, res) => {
    const handle = sessionOf(res);
    const pre = preLogin.read(req);
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    const pending = pre.pending.find((p) => p.state === state);
    if (!pending) {
      throw new HttpError(400, 'This sign-in link has expired or was already used. Start again from the home page.');
    }
    pre.pending = pre.pending.filter((p) => p !== pending);
    // Single use: whatever happens next, this state cannot be replayed.
    preLogin.write(res, pre);
    const timeline = pre.timeline;

    // The current URL as this app published it, not as the Host header claims it to be.
    const currentUrl = new URL(req.originalUrl, config.baseUrl);
    const oidc = await deps.oidc.configuration();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(oidc, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
      });
    } catch (err) {
      if (err instanceof client.AuthorizationResponseError) {
        if (pending.silent && NEEDS_INTERACTION.has(err.error)) {
          record(timeline, {
            at: deps.clock.now(),
            kind: 'login',
            title: 'No session at the auth server',
            detail: `The silent check came back with error=${err.error}: nobody is signed in yet, so ${config.appName} asks again and the auth server shows its login page.`,
          });
          preLogin.write(res, pre);
          if (pending.probe) return res.redirect(303, pending.returnTo); // the landing page, signed out
          const again = new URLSearchParams({ returnTo: pending.returnTo, interactive: '1' });
          return res.redirect(303, `/login?${again.toString()}`);
        }
        record(timeline, { at: deps.clock.now(), kind: 'error', title: 'Sign-in refused', detail: `error=${err.error}` });
        throw new HttpError(400, `The auth server did not sign you in (${err.error}${err.error_description ? `: ${err.error_description}` : ''}). Sign in again from the home page.`);
      }
      deps.logger.warn({ err }, 'authorization code grant failed');
      record(timeline, { at: deps.clock.now(), kind: 'error', title: 'Token exchange failed', detail: String((err as Error).message) });
      throw new HttpError(502, 'Signing in failed while talking to the auth server. Try again.');
    }

    const claims = tokens.claims();
    if (!claims) throw new HttpError(502, 'The auth server returned no ID token. Sign in again from the home page.');
    const now = deps.clock.now();
    const authTime = typeof claims.auth_time === 'number' ? claims.auth_time : undefined;
    // A silent code is SSO by definition; otherwise only an auth_time wholly before the redirect is.
    const viaSso = pending.silent || (authTime !== undefined && (authTime + 1) * 1000 <= pending.startedAt);

    record(timeline, {
      // A fresh login happened between the redirect and now, at auth_time; an SSO answer happened now.
      at: !viaSso && authTime !== undefined ? authTime * 1000 : now,
      kind: viaSso ? 'sso' : 'login',
      title: viaSso ? 'Single sign-on: no password asked' : 'Login at the auth server',
      detail: viaSso
        ? `The auth server already had a session (auth_time ${authTime !== undefined ? new Date(authTime * 1000).toISOString() : 'not sent'}, before ${config.appName} asked), so it answered at once.`
        : `The visitor signed in at the auth server (auth_time ${authTime !== undefined ? new Date(authTime * 1000).toISOString() : 'not sent'}).`,
    });
    record(timeline, {
      at: now,
      kind: 'code',
      title: 'Authorization code received',
      detail: `Back at ${config.redirectUri} with code, state (matched) and iss=${currentUrl.searchParams.get('iss') ?? '(none)'} (RFC 9207, matched).`,
    });
    const set = tokenSetFrom(tokens, now);
    record(timeline, {
      at: deps.clock.now(),
      kind: 'token',
      title: 'Token exchange',
      detail: `POST ${oidc.serverMetadata().token_endpoint} with the code, the PKCE verifier and the client secret (HTTP Basic). Got an ID token (signature, iss, aud, exp and nonce checked), an access token${set.accessTokenExpiresAt ? ` valid ${Math.round((set.accessTokenExpiresAt - now) / 1000)} s` : ''}${set.refreshToken ? ' and a refresh token' : ''}.`,
    });

    // A new session id at sign-in (no fixation): rotate a signed-out visitor's session, or start one.
    const signedIn = handle.current ? deps.sessions.rotate(handle.current) : deps.sessions.create();
    signedIn.user = {
      sub: claims.sub,
      sid: typeof claims.sid === 'string' ? claims.sid : undefined,
      name: nameOf(claims),
      claims: { ...claims },
      signedInAt: now,
      viaSso,
    };
    signedIn.tokens = set;
    signedIn.timeline = timeline;
    handle.replace(signedIn);
    probe.mark(res); // signed in here: the landing page need not check again this browser session
    deps.logger.info({ sub: claims.sub, viaSso }, 'signed in');
    res.redirect(303, pending.returnTo);
  });

  return router;
}
