import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../app-context.js';
import { clearFactorFailures, reserveFactorAttempt } from '../factors/factor-lockout.js';
import { factorUse } from '../factors/factor.js';
import { recordFactorEvent } from '../factors/record-factor-event.js';
import { recoveryCodes } from '../factors/recovery/recovery-codes.js';
import { enrolledSecondFactors } from '../factors/registry.js';
import { totpService } from '../factors/totp/totp-service.js';
import { stringParam } from '../http/params.js';
import { rateLimit } from '../security/rate-limit.js';
import { advanceSignIn, pageVerdict } from '../sign-in/advance-sign-in.js';
import { verifyingAccount } from '../sign-in/verifying-account.js';
import type { FactorId, FactorUse } from '../factors/factor-use.js';
import type { Account } from '../accounts/account.js';
import { continueUrl, expiredInteraction, loadInteraction, withInteraction, type PendingInteraction } from './load-interaction.js';
import { lockMessage } from './login-failure.js';
import { readForm } from './read-form.js';
import { renderPage } from './render-page.js';

const WRONG_CODE = 'That code is not valid. Check your authenticator app and try again.';

/** The second-factor page: a form for each factor the account has. */
export async function showVerify(ctx: AppContext, req: Request, res: Response, pending: PendingInteraction, account: Account, status = 200, error?: string) {
  const enrolled = await enrolledSecondFactors(ctx.store, account.id);
  const remaining = await recoveryCodes(ctx).remaining(account.id);
  renderPage(ctx, req, res, 'verify', { title: 'Confirm it is you', pending, enrolled, recoveryCodes: remaining, error }, status);
}

/** GET /login/verify and its POSTs: the second factor, after a password or as a step-up. */
export function secondFactorRoutes(ctx: AppContext): Router {
  const router = Router();
  const totp = totpService(ctx);
  const recovery = recoveryCodes(ctx);

  const show = (req: Request, res: Response, pending: PendingInteraction, account: Account, status = 200, error?: string) =>
    showVerify(ctx, req, res, pending, account, status, error);

  async function load(req: Request, id: string | undefined) {
    const pending = await loadInteraction(ctx, id);
    if (!pending) throw expiredInteraction();
    return { pending, account: await verifyingAccount(ctx, req, pending) };
  }

  router.get('/login/verify', async (req, res) => {
    const { pending, account } = await load(req, stringParam(req.query, 'interaction', { maxLength: 128 }));
    res.set('Cache-Control', 'no-store');
    if (!account) return res.redirect(303, withInteraction('/login', pending));
    const { verdict } = await pageVerdict(ctx, req, pending);
    if (verdict.due === 'login') return res.redirect(303, withInteraction('/login', pending));
    if (verdict.due !== 'second_factor') return res.redirect(303, continueUrl(pending));
    return show(req, res, pending, account);
  });

  /** The common path of a code factor: reserve an attempt (lockout), verify, advance on success. */
  async function codeFactor(req: Request, res: Response, factor: FactorId, check: (account: Account, code: string) => Promise<string>, use: () => FactorUse) {
    const form = readForm(req.body, { interaction: 128, code: 64 });
    const { pending, account } = await load(req, form.values.interaction);
    if (!account) return res.redirect(303, withInteraction('/login', pending));
    const reservation = await reserveFactorAttempt(ctx, account);
    if (!reservation.ok) {
      await recordFactorEvent(ctx, req, { factor, event: 'use', ok: false, accountId: account.id, reason: 'locked' });
      res.set('Retry-After', String(reservation.retryAfter));
      return show(req, res, pending, account, 429, lockMessage(reservation.retryAfter));
    }
    const result = form.error || !form.values.code ? 'malformed' : await check(account, form.values.code);
    if (result !== 'ok') {
      await recordFactorEvent(ctx, req, { factor, event: 'use', ok: false, accountId: account.id, reason: result });
      if (reservation.lockedFor > 0) {
        res.set('Retry-After', String(reservation.lockedFor));
        return show(req, res, pending, account, 429, lockMessage(reservation.lockedFor));
      }
      return show(req, res, pending, account, 400, WRONG_CODE);
    }
    await clearFactorFailures(ctx, account.id);
    await recordFactorEvent(ctx, req, { factor, event: 'use', ok: true, accountId: account.id });
    return advanceSignIn(ctx, req, res, account, use(), pending);
  }

  const limit = rateLimit(ctx, 'second-factor', ctx.config.rateLimit.loginPerMinute);
  router.post('/login/verify/totp', limit, ctx.csrf.verify(), (req, res) =>
    codeFactor(
      req,
      res,
      'totp',
      async (account, code) => {
        const r = await totp.verify(account.id, code);
        return r.ok ? 'ok' : r.reason;
      },
      () => factorUse('totp', ctx.clock(), ['otp']),
    ),
  );
  router.post('/login/verify/recovery-code', limit, ctx.csrf.verify(), (req, res) =>
    codeFactor(
      req,
      res,
      'recovery_code',
      (account, code) => recovery.use(account.id, code),
      // RFC 8176 has no recovery-code method; it is a one-time password.
      () => factorUse('recovery_code', ctx.clock(), ['otp']),
    ),
  );
  return router;
}
