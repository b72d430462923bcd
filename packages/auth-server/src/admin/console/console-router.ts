import express, { Router, type ErrorRequestHandler, type Response } from 'express';
import { OAuthError } from '@sso/shared';
import type { AppContext } from '../../app-context.js';
import { assetPath } from '../../assets.js';
import { AdminError } from '../admin-error.js';
import { ADMIN_CONSOLE_CLIENT_ID } from '../register-admin.js';
import { backLink } from './back-link.js';
import type { ConsoleAdmin, ConsoleContext } from './console-context.js';
import { ConsoleDenied } from './console-errors.js';
import { consoleGuard, consoleRefusal, notAdmin } from './console-guard.js';
import { consoleSessions } from './console-session.js';
import { consoleSignIn } from './console-sign-in.js';
import { dashboardPages } from './dashboard-pages.js';
import { CONSOLE_PAGES } from './pages.js';
import { consoleRenderer } from './render.js';

const publicDir = assetPath('./admin/console/public/');

/**
 * The admin console at /admin: its stylesheet, the OpenID Connect sign-in (callback), sign-out,
 * then the guard (live admin check) and the page modules of pages.ts. Every POST carries the
 * app's CSRF token. /admin/api belongs to the admin API and is skipped here.
 */
export function consoleRouter(app: AppContext): Router {
  const router = Router();
  const sessions = consoleSessions(app.config, app.clock);
  const signIn = consoleSignIn(app);
  const { render, confirm } = consoleRenderer(app.csrf);
  const admin = (res: Response) => res.locals.admin as ConsoleAdmin;
  const ctx: ConsoleContext = {
    app,
    svc: app,
    render,
    confirm,
    admin,
    caller: (res) => ({ actor: { kind: 'admin', ...admin(res), via: 'console' }, ip: res.req.ip ?? null }),
  };

  router.use('/api', (_req, _res, next) => next('router'));
  router.use('/static', express.static(publicDir, { maxAge: '1h', index: false }));
  const verifyCsrf = app.csrf.verify();
  router.use((req, res, next) => (req.method === 'POST' ? verifyCsrf(req, res, next) : next()));

  router.get('/callback', async (req, res) => {
    const done = await signIn.finish(req, res);
    const account = await app.store.accounts.findById(done.accountId);
    const refusal = await consoleRefusal(app, account, done.acr);
    if (refusal === 'not_admin') throw notAdmin();
    if (refusal === 'needs_mfa') throw new ConsoleDenied(403, 'This account has a second factor: the console needs a sign-in that used it.');
    await sessions.start(res, { accountId: account!.id, username: account!.username, acr: done.acr, idToken: done.idToken });
    res.redirect(303, done.returnTo);
  });

  router.post('/logout', async (req, res) => {
    const session = await sessions.read(req);
    sessions.end(res);
    // RP-Initiated Logout 1.0 §2: also ending the SSO session is offered, not forced.
    const endSession = new URL(`${app.config.issuer}/end-session`);
    endSession.search = new URLSearchParams({
      client_id: ADMIN_CONSOLE_CLIENT_ID,
      ...(session && { id_token_hint: session.idToken }),
      // Registered for the console (register-admin.ts): back to its start, which asks for a new sign-in.
      post_logout_redirect_uri: `${app.config.issuer}/admin`,
    }).toString();
    render(res, 'signed-out', { title: 'Signed out of the console', endSession: endSession.toString() });
  });

  router.use(consoleGuard(app, sessions, (req, res) => signIn.start(req, res)));
  router.use('/', dashboardPages(ctx));
  for (const [path, pages] of CONSOLE_PAGES) router.use(path, pages(ctx));
  router.use((_req, _res, next) => next(new ConsoleDenied(404, 'No such console page.')));
  router.use(consoleErrors(app, render));
  return router;
}

/** Console failures as a console page: the message and its status; anything unknown goes to the app's handler. */
function consoleErrors(app: AppContext, render: ConsoleContext['render']): ErrorRequestHandler {
  return (err, req, res, next) => {
    const shown =
      err instanceof AdminError || err instanceof ConsoleDenied
        ? { status: err.status, message: err.message }
        : err instanceof OAuthError && err.status < 500
          ? { status: err.status, message: err.description }
          : undefined;
    if (!shown || res.headersSent) {
      next(err);
      return;
    }
    if (shown.status >= 400) app.logger.debug({ status: shown.status }, 'console refusal');
    // Refused at sign-in: the way out is signing in as someone else, which starts with signing out.
    const switchAccount = err instanceof ConsoleDenied && err.status === 403 && !res.locals.admin;
    render(res, 'error', { title: 'Admin console', message: shown.message, switchAccount, back: backLink(req.method, req.baseUrl + req.path) }, shown.status);
  };
}

