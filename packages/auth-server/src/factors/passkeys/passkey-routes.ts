import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { AppContext } from '../../app-context.js';
import { loadInteraction, withInteraction, continueUrl } from '../../interaction/load-interaction.js';
import { lockMessage } from '../../interaction/login-failure.js';
import { readForm } from '../../interaction/read-form.js';
import { renderPage } from '../../interaction/render-page.js';
import { showVerify } from '../../interaction/second-factor-routes.js';
import { requireRecentSignIn } from '../../interaction/security-routes.js';
import { showSecurity } from '../../interaction/security-page.js';
import { rateLimit } from '../../security/rate-limit.js';
import { addSessionFactor } from '../../sign-in/add-session-factor.js';
import { advanceSignIn } from '../../sign-in/advance-sign-in.js';
import { verifyingAccount } from '../../sign-in/verifying-account.js';
import { factorLockRemaining } from '../factor-lockout.js';
import { factorUse } from '../factor.js';
import { recordFactorEvent } from '../record-factor-event.js';
import { passkeyAmr, passkeyService, PASSKEY_NAME_MAX } from './passkey-service.js';

/** The browser half of @simplewebauthn, served from its package: no inline script, CSP intact. */
const BROWSER_BUNDLE = join(dirname(createRequire(import.meta.url).resolve('@simplewebauthn/browser')), '../dist/bundle/index.umd.min.js');
const RESPONSE_MAX = 16_000;
const FAILED = 'The passkey could not be verified. Try again.';

const requireSession: RequestHandler = (req, res, next) => {
  if (req.authSession) next();
  else res.set('Cache-Control', 'no-store').redirect(303, '/login');
};

/** Passkeys: options, sign-in (alone or as a second factor), registration, rename, removal. */
export function passkeyRoutes(ctx: AppContext): Router {
  const router = Router();
  const csrf = ctx.csrf.verify();
  const recent = requireRecentSignIn(ctx);
  const passkeys = passkeyService(ctx);
  const limit = rateLimit(ctx, 'passkey', ctx.config.rateLimit.loginPerMinute);

  router.get('/static/webauthn/simplewebauthn-browser.umd.min.js', (_req, res) => res.set('Cache-Control', 'public, max-age=3600').sendFile(BROWSER_BUNDLE, { dotfiles: 'allow' }));

  router.post('/webauthn/options', limit, csrf, async (req, res) => {
    const form = readForm(req.body, { purpose: 16 });
    res.set('Cache-Control', 'no-store');
    if (form.values.purpose === 'authenticate') return res.json(await passkeys.authenticationOptions());
    if (form.values.purpose !== 'register') return res.status(400).json({ error: 'invalid_request', error_description: 'purpose must be register or authenticate' });
    if (!req.authSession) return res.status(401).json({ error: 'login_required', error_description: 'Sign in first' });
    return res.json(await passkeys.registrationOptions(req.authSession.account));
  });

  router.post('/login/passkey', limit, csrf, async (req: Request, res: Response) => {
    const form = readForm(req.body, { interaction: 128, response: RESPONSE_MAX, step: 16 });
    const pending = await loadInteraction(ctx, form.values.interaction);
    const secondFactor = form.values.step === 'second-factor';
    const expected = secondFactor ? await verifyingAccount(ctx, req, pending) : undefined;
    const fail = async (status: number, reason: string, accountId: string | null, message = FAILED) => {
      await recordFactorEvent(ctx, req, { factor: 'passkey', event: 'use', ok: false, accountId, reason });
      if (secondFactor && pending && expected) return showVerify(ctx, req, res, pending, expected, status, message);
      return renderPage(ctx, req, res, 'login', { title: 'Sign in', pending, username: '', signupHref: withInteraction('/signup', pending), error: message }, status);
    };
    if (secondFactor && !expected) return res.redirect(303, withInteraction('/login', pending));
    if (form.error || !form.values.response) return fail(400, 'malformed', expected?.id ?? null);
    const result = await passkeys.authenticate(form.values.response);
    if (!result.ok) return fail(400, result.reason, expected?.id ?? null);
    const passkey = result.value;
    if (expected && expected.id !== passkey.accountId) return fail(400, 'other_account', expected.id);
    const locked = await factorLockRemaining(ctx, passkey.accountId);
    if (locked > 0) {
      res.set('Retry-After', String(locked));
      return fail(429, 'locked', passkey.accountId, lockMessage(locked));
    }
    const account = await ctx.store.accounts.findById(passkey.accountId);
    if (!account) return fail(400, 'unknown_credential', null);
    await recordFactorEvent(ctx, req, { factor: 'passkey', event: 'use', ok: true, accountId: account.id, detail: { secondFactor } });
    return advanceSignIn(ctx, req, res, account, factorUse('passkey', ctx.clock(), passkeyAmr(passkey)), pending);
  });

  router.post('/account/security/passkeys/register', csrf, requireSession, recent, async (req, res) => {
    const form = readForm(req.body, { interaction: 128, response: RESPONSE_MAX, name: PASSKEY_NAME_MAX });
    const pending = await loadInteraction(ctx, form.values.interaction);
    const { account } = req.authSession!;
    const result = form.error || !form.values.response ? ({ ok: false, reason: 'malformed' } as const) : await passkeys.register(account, form.values.response, form.values.name ?? '');
    if (!result.ok) {
      await recordFactorEvent(ctx, req, { factor: 'passkey', event: 'enrol', ok: false, accountId: account.id, reason: result.reason });
      return showSecurity(ctx, req, res, 400, 'The passkey could not be added. Try again.');
    }
    await recordFactorEvent(ctx, req, { factor: 'passkey', event: 'enrol', ok: true, accountId: account.id, detail: { deviceType: result.value.deviceType } });
    if (pending) await addSessionFactor(ctx, req, factorUse('passkey', ctx.clock(), passkeyAmr(result.value)));
    return res.redirect(303, pending ? continueUrl(pending) : '/account/security?done=passkey-added');
  });

  router.post('/account/security/passkeys/rename', csrf, requireSession, recent, async (req, res) => {
    const form = readForm(req.body, { credential_id: 1024, name: PASSKEY_NAME_MAX });
    const name = form.values.name?.trim();
    if (form.error || !form.values.credential_id || !name) return showSecurity(ctx, req, res, 400, 'Give the passkey a name.');
    const { account } = req.authSession!;
    if (!(await ctx.store.passkeys.rename(account.id, form.values.credential_id, name))) return showSecurity(ctx, req, res, 404, 'No such passkey.');
    await recordFactorEvent(ctx, req, { factor: 'passkey', event: 'rename', ok: true, accountId: account.id });
    return res.redirect(303, '/account/security?done=passkey-renamed');
  });

  router.post('/account/security/passkeys/remove', csrf, requireSession, recent, async (req, res) => {
    const form = readForm(req.body, { credential_id: 1024 });
    const { account } = req.authSession!;
    if (form.error || !form.values.credential_id || !(await ctx.store.passkeys.delete(account.id, form.values.credential_id))) {
      return showSecurity(ctx, req, res, 404, 'No such passkey.');
    }
    await recordFactorEvent(ctx, req, { factor: 'passkey', event: 'remove', ok: true, accountId: account.id });
    return res.redirect(303, '/account/security?done=passkey-removed');
  });

  return router;
}
