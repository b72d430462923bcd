import { Router, type Request, type Response } from 'express';
import type { Authenticator } from '../accounts/authenticate.js';
import { PASSWORD_MAX_LENGTH } from '../accounts/passwords.js';
import type { AppContext } from '../app-context.js';
import { stringParam } from '../http/params.js';
import { rateLimit } from '../security/rate-limit.js';
import { loadInteraction, withInteraction, type PendingInteraction } from './load-interaction.js';
import { LOGIN_FAILED, lockMessage, recordLoginFailure } from './login-failure.js';
import { readForm } from './read-form.js';
import { renderPage } from './render-page.js';
import { factorUse } from '../factors/factor.js';
import { advanceSignIn, pageVerdict } from '../sign-in/advance-sign-in.js';

const FIELDS = { username: 64, password: PASSWORD_MAX_LENGTH, interaction: 128 };

/** GET/POST /login: the password form, with lockout and a per-IP rate limit. */
export function loginRoutes(ctx: AppContext, auth: Authenticator): Router {
  const router = Router();

  function show(req: Request, res: Response, pending: PendingInteraction | undefined, status = 200, error?: string, username?: string) {
    renderPage(
      ctx,
      req,
      res,
      'login',
      {
        title: 'Sign in',
        pending,
        // A re-authentication names the signed-in user; otherwise login_hint only pre-fills.
        username: username ?? pending?.loginHint ?? (pending && req.authSession?.account.username) ?? '',
        signupHref: withInteraction('/signup', pending),
        error,
      },
      status,
    );
  }

  router.get('/login', async (req, res) => {
    const pending = await loadInteraction(ctx, stringParam(req.query, 'interaction', { maxLength: 128 }));
    if (!pending && req.authSession) {
      res.redirect(303, '/account');
      return;
    }
    // Signed in and only a second factor is due (a step-up): no password again.
    if (pending && (await pageVerdict(ctx, req, pending)).verdict.due === 'second_factor') {
      res.set('Cache-Control', 'no-store').redirect(303, withInteraction('/login/verify', pending));
      return;
    }
    show(req, res, pending);
  });

  router.post('/login', rateLimit(ctx, 'login', ctx.config.rateLimit.loginPerMinute), ctx.csrf.verify(), async (req, res) => {
    const form = readForm(req.body, FIELDS);
    const pending = await loadInteraction(ctx, form.values.interaction);
    const { username, password } = form.values;
    if (form.error || !username || !password) {
      show(req, res, pending, 400, form.error ?? 'Enter your username and password.', username);
      return;
    }

    const result = await auth.authenticate(username, password);
    if (result.ok) {
      ctx.metrics.logins.inc({ result: 'success' });
      await advanceSignIn(ctx, req, res, result.account, factorUse('password', ctx.clock(), ['pwd']), pending);
      return;
    }
    await recordLoginFailure(ctx, req, result, pending);
    // A lock is reported the same way whether or not the username exists (see accounts/authenticate.ts).
    const lockedFor = result.reason === 'locked' ? result.retryAfter : result.lockedFor;
    if (lockedFor > 0) {
      res.set('Retry-After', String(lockedFor)); // RFC 9110 §10.2.3
      show(req, res, pending, 429, lockMessage(lockedFor), username);
      return;
    }
    show(req, res, pending, 401, LOGIN_FAILED, username);
  });

  return router;
}
