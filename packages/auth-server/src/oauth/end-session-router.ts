import { Router, type Request, type Response } from 'express';
import { InvalidRequest } from '@sso/shared';
import type { JWTPayload } from 'jose';
import type { AppContext } from '../app-context.js';
import { applicationOf } from '../http/error-page.js';
import { requestParams, stringParam } from '../http/params.js';
import { renderPage } from '../interaction/render-page.js';
import type { Client } from '../clients/client.js';
import { verifyIdTokenHint } from '../tokens/verify-own-token.js';
import { resendCrossSitePost } from './resend-cross-site-post.js';

/** RP-Initiated Logout 1.0 §2 request parameters. */
const END_SESSION_PARAMS = ['id_token_hint', 'client_id', 'post_logout_redirect_uri', 'state', 'logout_hint', 'ui_locales'] as const;

interface LogoutRequest {
  client?: Client | undefined;
  postLogoutRedirectUri?: string | undefined;
  state?: string | undefined;
  /** The hint proved which user the client believes is signed in. */
  hintSub?: string | undefined;
}

/**
 * OpenID Connect RP-Initiated Logout 1.0. The post-logout redirect must be registered for the
 * client named by the hint or client_id (§3); without a hint naming the signed-in user the user is
 * asked to confirm (§2, so a third party cannot sign users out by a link).
 */
export function endSessionRouter(ctx: AppContext): Router {
  const router = Router();

  async function parse(req: Request, res: Response): Promise<LogoutRequest> {
    const source = requestParams(req);
    const hint = stringParam(source, 'id_token_hint', { maxLength: 8192 });
    const clientIdParam = stringParam(source, 'client_id', { maxLength: 256 });
    const postLogoutRedirectUri = stringParam(source, 'post_logout_redirect_uri');
    const state = stringParam(source, 'state', { maxLength: 1024 });
    let hintSub: string | undefined;
    let clientId = clientIdParam;
    if (hint) {
      const payload = await readHint(hint);
      const aud = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
      if (clientIdParam && clientIdParam !== aud) throw new InvalidRequest('client_id does not match id_token_hint');
      clientId = aud;
      hintSub = payload.sub;
    }
    const client = clientId ? await ctx.store.clients.findById(clientId) : undefined;
    if (clientId && !client) throw new InvalidRequest('Unknown client');
    if (postLogoutRedirectUri) {
      if (!client) throw new InvalidRequest('post_logout_redirect_uri needs id_token_hint or client_id');
      if (!client.postLogoutRedirectUris.includes(postLogoutRedirectUri)) {
        res.locals.errorApplication = applicationOf(client); // the error page links back to it
        throw new InvalidRequest('post_logout_redirect_uri is not registered for this client');
      }
    }
    return { client, postLogoutRedirectUri, state, hintSub };
  }

  /**
   * RP-Initiated Logout §2/§4: a hint that does not verify is refused outright (an error page),
   * never used to pick a client or a redirect. Hints signed by a key retired since still verify:
   * its public half is kept, out of the JWKS, for as long as an RP may hold an ID token
   * (keys/key-schedule.ts hintKeyLifetimeMs).
   */
  async function readHint(hint: string): Promise<JWTPayload> {
    try {
      return await verifyIdTokenHint(ctx.keys, hint, ctx.config.issuer);
    } catch {
      throw new InvalidRequest('id_token_hint is not a valid ID token issued by this server');
    }
  }

  async function finish(req: Request, res: Response, request: LogoutRequest): Promise<void> {
    const current = req.authSession;
    if (current) {
      await ctx.logout(current.session.sid, 'rp_initiated_logout');
      await ctx.audit({ type: 'logout', accountId: current.account.id, clientId: request.client?.clientId ?? null });
    }
    await ctx.sessions.end(req, res);
    if (request.postLogoutRedirectUri) {
      const url = new URL(request.postLogoutRedirectUri);
      if (request.state !== undefined) url.searchParams.set('state', request.state);
      res.set('Cache-Control', 'no-store').redirect(303, url.toString());
      return;
    }
    renderPage(ctx, req, res, 'signed-out', { title: 'Signed out', application: request.client });
  }

  const endSession = async (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store');
    const request = await parse(req, res);
    const current = req.authSession;
    if (!current || (request.hintSub !== undefined && request.hintSub === current.account.id)) {
      await finish(req, res, request);
      return;
    }
    renderPage(ctx, req, res, 'end-session', {
      title: 'Sign out?',
      // Not `client`: EJS reads that local as its own compile option.
      application: request.client,
      account: current.account,
      postLogoutRedirectUri: request.postLogoutRedirectUri,
      state: request.state,
    });
  };
  router.get('/end-session', endSession);
  router.post(
    '/end-session',
    (req, res, next) => {
      // A POST carrying our confirmation form needs its CSRF token; a plain RP POST does not.
      if ((req.body as Record<string, unknown>)?.confirm !== undefined) return next('route');
      next();
    },
    // Without the session cookie (cross-site), ask the browser again by GET, which carries it.
    resendCrossSitePost(END_SESSION_PARAMS),
    endSession,
  );
  router.post('/end-session', ctx.csrf.verify(), async (req, res) => {
    await finish(req, res, await parse(req, res));
  });
  return router;
}

