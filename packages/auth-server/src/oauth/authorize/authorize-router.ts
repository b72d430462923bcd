import { Router, type Request, type Response } from 'express';
import { AccessDenied, ConsentRequired, InteractionRequired, LoginRequired } from '@sso/shared';
import type { OAuthError } from '@sso/shared';
import { mustVerifyEmail } from '../../accounts/email-verification.js';
import type { AppContext } from '../../app-context.js';
import { toOAuthError } from '../../http/error-handler.js';
import { evaluatePolicy, type Verdict } from '../../sign-in/evaluate-policy.js';
import { buildPolicyInput, policyRequestFromParams } from '../../sign-in/policy-input.js';
import { emptyProgress, sessionAuthentication } from '../../sign-in/progress.js';
import { applicationOf } from '../../http/error-page.js';
import { checkClient } from '../steps/check-client.js';
import { checkIdTokenHint } from '../steps/check-id-token-hint.js';
import { checkPkce } from '../steps/check-pkce.js';
import { checkPrompt } from '../steps/check-prompt.js';
import { checkRedirectUri } from '../steps/check-redirect-uri.js';
import { checkResource } from '../steps/check-resource.js';
import { checkResponseType } from '../steps/check-response-type.js';
import { checkScope } from '../steps/check-scope.js';
import { checkUnsupported } from '../steps/check-unsupported.js';
import { resendCrossSitePost } from '../resend-cross-site-post.js';
import { AUTHORIZATION_PARAMS, type AuthorizationRequest, type AuthorizationStep } from './authorization-request.js';
import { redirectError, redirectToClient } from './authorization-response.js';
import { issueCode } from './issue-code.js';
import { createRequestParking, INTERACTION_TTL_MS } from './park-request.js';
import { expiredInteraction } from '../../interaction/load-interaction.js';
import { readAuthorizationParams } from './read-params.js';

/** The checks, in order. Until checkRedirectUri passes, a failure is shown as a page. */
const STEPS: AuthorizationStep[] = [checkClient, checkRedirectUri, checkUnsupported, checkResponseType, checkScope, checkResource, checkPkce, checkPrompt, checkIdTokenHint];

/** The page for each thing the policy finds due. */
const PAGES: Record<Exclude<Verdict['due'], null | 'refuse'>, string> = {
  login: 'login',
  second_factor: 'login/verify',
  enrol: 'account/security',
};

/**
 * OIDC Core §3.1.2.6: with prompt=none, a sign-in or second factor that is due is login_required,
 * setting up a factor is interaction_required. A hint naming another user than the one who just
 * signed in gets no positive answer (§3.1.2.1).
 */
function promptNoneError(verdict: Verdict): OAuthError {
  if (verdict.due === 'refuse') return new LoginRequired('The signed-in user is not the one id_token_hint names');
  if (verdict.due === 'enrol') return new InteractionRequired('The user must set up a second factor first');
  return new LoginRequired(verdict.due === 'login' ? 'The user must sign in' : 'The user must confirm a second factor');
}

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
    const client = request.client!;
    const current = req.authSession;
    // Who must sign in, with which factors: the rules in sign-in/policy-rules.ts, nowhere else.
    const authn = current ? await sessionAuthentication(ctx, current.session, progress.startedAt) : undefined;
    const policyRequest = policyRequestFromParams(request.params, client.clientId, request.hintSub ?? null);
    const verdict = await buildPolicyInput(ctx, policyRequest, authn).then(evaluatePolicy);
    if (verdict.due !== null) {
      if (request.prompt.has('none') || verdict.due === 'refuse') throw promptNoneError(verdict);
      await startInteraction(req, res, request, progress, PAGES[verdict.due]);
      return;
    }
    if (!current) throw new LoginRequired('The user is not signed in');
    // An unverified account reaching a client that wants verified ones goes through the login page,
    // which holds sign-in until the address is confirmed (sign-in/hold-unverified-email.ts).
    if (mustVerifyEmail(ctx.config, client, current.account)) {
      if (request.prompt.has('none')) throw new LoginRequired('The user must verify their e-mail address first');
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
    const code = await issueCode(ctx, request, current.session, authn?.factors ?? []);
    redirectToClient(res, request.redirectUri!, { code, state: request.state }, ctx.config.issuer);
  }

  /** Parks the request (with its sign-in progress) and sends the browser to the page that is due. */
  async function startInteraction(req: Request, res: Response, request: AuthorizationRequest, progress: Progress, page: string) {
    let id = progress.interactionId;
    if (!id) {
      id = await park(req, res, request);
      await ctx.store.signInProgress.save(id, { ...emptyProgress(), hintSub: request.hintSub ?? null }, ctx.clock() + INTERACTION_TTL_MS);
    }
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
      throw expiredInteraction();
    }
    if (req.query.denied === '1') {
      await ctx.store.interactions.delete(interaction.id);
      // The same two steps as any request: only a still-registered redirect URI gets the answer.
      const request: AuthorizationRequest = { params: interaction.params, scopes: [], prompt: new Set() };
      for (const step of [checkClient, checkRedirectUri]) await step(request, ctx);
      redirectError(res, request.redirectUri!, new AccessDenied('The user denied the request'), request.state, ctx.config.issuer);
      return;
    }
    await handle(req, res, interaction.params, { interactionId: interaction.id, startedAt: interaction.createdAt });
  });

  return router;
}
