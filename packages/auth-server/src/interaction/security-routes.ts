import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AppContext } from '../app-context.js';
import { factorUse } from '../factors/factor.js';
import { safeReturnPath, signedInRecently } from '../factors/recent-sign-in.js';
import { recordFactorEvent } from '../factors/record-factor-event.js';
import { recoveryCodes } from '../factors/recovery/recovery-codes.js';
import { totpService } from '../factors/totp/totp-service.js';
import { addSessionFactor } from '../sign-in/add-session-factor.js';
import { startAccountInteraction } from '../sign-in/advance-sign-in.js';
import { continueUrl, withInteraction, type PendingInteraction } from './load-interaction.js';
import { readForm } from './read-form.js';
import { renderPage } from './render-page.js';
import { pendingFrom, showSecurity } from './security-page.js';

const requireSession: RequestHandler = (req, res, next) => {
  if (req.authSession) next();
  else res.set('Cache-Control', 'no-store').redirect(303, '/login');
};

/** Adding or removing a factor needs a recent sign-in; otherwise the page offers to confirm it. */
export const requireRecentSignIn =
  (ctx: AppContext): RequestHandler =>
  (req, res, next) => {
    if (signedInRecently(ctx, req)) next();
    else void showSecurity(ctx, req, res, 403, 'For your security, confirm it is you before changing how you sign in.').catch(next);
  };

/** /account/security: TOTP enrolment and removal, recovery codes, re-authentication. */
export function securityRoutes(ctx: AppContext): Router {
  const router = Router();
  const csrf = ctx.csrf.verify();
  const recent = requireRecentSignIn(ctx);
  const totp = totpService(ctx);
  const recovery = recoveryCodes(ctx);
  const securityUrl = (pending: PendingInteraction | undefined) => withInteraction('/account/security', pending);

  router.get('/account/security', requireSession, (req, res) => showSecurity(ctx, req, res));

  router.post('/account/security/reauth', csrf, requireSession, async (req, res) => {
    const form = readForm(req.body, { return_to: 256 });
    const returnTo = safeReturnPath(form.values.return_to) ?? '/account/security';
    const pending = await startAccountInteraction(ctx, { prompt: 'login' }, returnTo);
    res.set('Cache-Control', 'no-store').redirect(303, withInteraction('/login', pending));
  });

  async function showSetup(req: Request, res: Response, pending: PendingInteraction | undefined, secret: string, status = 200, error?: string) {
    const shown = await totp.show(req.authSession!.account, secret);
    renderPage(ctx, req, res, 'totp-setup', { title: 'Set up an authenticator app', pending, ...shown, error }, status);
  }

  function showCodes(req: Request, res: Response, codes: string[], next: string) {
    renderPage(ctx, req, res, 'recovery-codes', { title: 'Your recovery codes', codes, next });
  }

  router.post('/account/security/totp/start', csrf, requireSession, recent, async (req, res) => {
    const form = readForm(req.body, { interaction: 128 });
    const pending = await pendingFrom(ctx, req, form.values.interaction);
    const { account } = req.authSession!;
    if ((await ctx.store.totp.find(account.id))?.confirmedAt != null) return showSecurity(ctx, req, res, 409, 'An authenticator app is already set up. Remove it first.');
    const { secret } = await totp.start(account);
    return showSetup(req, res, pending, secret);
  });

  router.post('/account/security/totp/confirm', csrf, requireSession, recent, async (req, res) => {
    const form = readForm(req.body, { interaction: 128, code: 64 });
    const pending = await pendingFrom(ctx, req, form.values.interaction);
    const { account } = req.authSession!;
    const result = await totp.confirm(account.id, form.values.code ?? '');
    if (!result.ok) {
      await recordFactorEvent(ctx, req, { factor: 'totp', event: 'enrol', ok: false, accountId: account.id, reason: result.reason });
      const secret = await totp.pendingSecret(account.id);
      if (!secret) return showSecurity(ctx, req, res, 400, 'Start the set-up again.');
      return showSetup(req, res, pending, secret, 400, 'That code is not valid. Enter the code your app shows now.');
    }
    await recordFactorEvent(ctx, req, { factor: 'totp', event: 'enrol', ok: true, accountId: account.id });
    // Set up for an app that requires it: the confirmed code counts for this sign-in. Otherwise the
    // session keeps the factors it signed in with, and an app can ask for a step-up (acr_values).
    if (pending) await addSessionFactor(ctx, req, factorUse('totp', ctx.clock(), ['otp']));
    const next = pending ? continueUrl(pending) : '/account/security';
    if ((await recovery.remaining(account.id)) > 0) return res.redirect(303, next);
    const codes = await recovery.regenerate(account.id);
    await recordFactorEvent(ctx, req, { factor: 'recovery_code', event: 'regenerate', ok: true, accountId: account.id });
    return showCodes(req, res, codes, next);
  });

  router.post('/account/security/totp/remove', csrf, requireSession, recent, async (req, res) => {
    const { account } = req.authSession!;
    const removed = await ctx.store.totp.delete(account.id);
    if (removed) await recordFactorEvent(ctx, req, { factor: 'totp', event: 'remove', ok: true, accountId: account.id });
    res.redirect(303, '/account/security?done=totp-removed');
  });

  router.post('/account/security/recovery-codes', csrf, requireSession, recent, async (req, res) => {
    const { account } = req.authSession!;
    const codes = await recovery.regenerate(account.id);
    await recordFactorEvent(ctx, req, { factor: 'recovery_code', event: 'regenerate', ok: true, accountId: account.id });
    showCodes(req, res, codes, securityUrl(undefined));
  });

  return router;
}
