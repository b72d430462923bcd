import { Router, type Request, type Response } from 'express';
import { ConsentRequired, LoginRequired, OAuthError } from '@sso/shared';
import type { AppContext } from '../../app-context.js';
import { toOAuthError } from '../../http/error-handler.js';
import { applicationOf } from '../../http/error-page.js';
import { checkClient } from '../steps/check-client.js';
import { checkPkce } from '../steps/check-pkce.js';
import { checkPrompt } from '../steps/check-prompt.js';
import { checkRedirectUri } from '../steps/check-redirect-uri.js';
import { checkResponseType } from '../steps/check-response-type.js';
import { checkScope } from '../steps/check-scope.js';
import { checkUnsupported } from '../steps/check-unsupported.js';
import { resendCrossSitePost } from '../resend-cross-site-post.js';
import { AUTHORIZATION_PARAMS, type AuthorizationRequest, type AuthorizationStep } from './authorization-request.js';
import { redirectError, redirectToClient } from './authorization-response.js';
import { issueCode } from './issue-code.js';
import { createRequestParking } from './park-request.js';
import { readAuthorizationParams } from './read-params.js';

/** The checks, in order. Until checkRedirectUri passes, a failure is shown as a page. */
const STEPS: AuthorizationStep[] = [checkClient, checkRedirectUri, checkUnsupported, checkResponseType, checkScope, checkPkce, checkPrompt];

/** What happened during an interaction: login or consent done after it began. */
interface Progress {
  interactionId?: string;
  startedAt?: number;
}

export function authorizeRouter(ctx: AppContext): Router {
  const router = Router();
  const park = createRequestParking(ctx);

  async function handle(req: Request, res: Response, params: Record<string, string>, progress: Progress, problem?: OAuthError): Promise<void> {
    const request: AuthorizationRequest = { params, scopes: [], prompt: new Set() };
    try {
      for (const step of STEPS) {
        await step(request, ctx);
        // Malformed parameters are reported once the redirect URI is known to be safe.
        if (problem && step === checkRedirectUri) throw problem;
      }
      await decide(req, res, request, progress);
    } catch (err) {
      const error = toOAuthError(err, req.log, req);
      if (request.redirectUri && error.status < 500) {
        redirectError(res, request.redirectUri, error, request.state, ctx.config.issuer);
        return;
      }
      res.locals.errorApplication = applicationOf(request.client); // the error page links back to it
      throw error;
    }
  }

  async function decide(req: Request, res: Response, request: AuthorizationRequest, progress: Progress): Promise<void> {
    const now = ctx.clock();
    const client = request.client!;
    const current = req.authSession;
    const loggedInDuringInteraction = Boolean(current && progress.startedAt !== undefined && current.session.authTime >= progress.startedAt);
    const tooOld = current && request.maxAge !== undefined && now - current.session.authTime > request.maxAge * 1000;
    // select_account: one account per browser session here, so choosing means signing in again, maybe as someone else.
    const asksForLogin = request.prompt.has('login') || request.prompt.has('select_account') || tooOld;
    const needsLogin = !current || (asksForLogin && !loggedInDuringInteraction);
    if (needsLogin) {
      if (request.prompt.has('none')) throw new LoginRequired('The user is not signed in');
      await startInteraction(req, res, request, progress, 'login');
      return;
    }

    const consent = await ctx.store.consents.find(current.account.id, client.clientId);
    const consentedDuringInteraction = Boolean(consent && progress.startedAt !== undefined && consent.updatedAt >= progress.startedAt);
    const covered = consent && request.scopes.every((s) => consent.scopes.includes(s));
    const needsConsent = (!client.firstParty && !covered) || (request.prompt.has('consent') && !consentedDuringInteraction);
    if (needsConsent) {
      if (request.prompt.has('none')) throw new ConsentRequired('The user has not approved this application');
      await startInteraction(req, res, request, progress, 'consent');
      return;
    }

    if (progress.interactionId) await ctx.store.interactions.delete(progress.interactionId);
    const code = await issueCode(ctx, request, current.session);
    redirectToClient(res, request.redirectUri!, { code, state: request.state }, ctx.config.issuer);
  }

  /** Parks the request and sends the browser to the login or consent page. */
  async function startInteraction(req: Request, res: Response, request: AuthorizationRequest, progress: Progress, page: 'login' | 'consent') {
    const id = progress.interactionId ?? (await park(req, res, request));
    res.set('Cache-Control', 'no-store').redirect(303, `/${page}?interaction=${encodeURIComponent(id)}`);
  }

  const authorize = async (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store');
    const { params, problem } = readAuthorizationParams(req);
    await handle(req, res, params, {}, problem);
  };
  router.get('/authorize', authorize);
  router.post('/authorize', resendCrossSitePost(AUTHORIZATION_PARAMS), authorize);

  /** Where the login and consent pages send the browser when they are done. */
  router.get('/authorize/resume/:id', async (req, res) => {
    const interaction = await ctx.store.interactions.find(String(req.params.id));
    if (interaction && interaction.expiresAt <= ctx.clock()) await ctx.store.interactions.delete(interaction.id);
    if (!interaction || interaction.expiresAt <= ctx.clock()) {
      throw new OAuthError('invalid_request', 'This sign-in request has expired. Go back to the application and start again.', 400);
    }
    if (req.query.denied === '1') {
      await ctx.store.interactions.delete(interaction.id);
      // The same two steps as any request: only a still-registered redirect URI gets the answer.
      const request: AuthorizationRequest = { params: interaction.params, scopes: [], prompt: new Set() };
      for (const step of [checkClient, checkRedirectUri]) await step(request, ctx);
      redirectError(res, request.redirectUri!, new OAuthError('access_denied', 'The user denied the request', 403), request.state, ctx.config.issuer);
      return;
    }
    await handle(req, res, interaction.params, { interactionId: interaction.id, startedAt: interaction.createdAt });
  });

  return router;
}
