import { fileURLToPath } from 'node:url';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Config } from './config.js';
import type { AppDeps } from './deps.js';
import { errorHeading, HttpError } from './errors.js';
import { AuthServerUnavailable } from './oidc/oidc-client.js';
import { signInRouter } from './oidc/sign-in.js';
import { signOutRouter } from './oidc/sign-out.js';
import { SignInAgain } from './oidc/tokens.js';
import { apiCallsRouter } from './pages/api-calls.js';
import { homeRouter } from './pages/home.js';
import { howItWorksRouter } from './pages/how-it-works.js';
import { notesRouter } from './pages/notes.js';
import { sensitiveRouter } from './pages/sensitive.js';
import { sessionMiddleware, sessionOf } from './session/session-middleware.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The relying-party app: wiring only, no listen (see server.ts). */
export function createApp(config: Config, deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('views', here('./views'));
  app.set('view engine', 'ejs');

  const insecure = config.baseUrl.startsWith('http://');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Chromium applies form-action to the redirect after a form post: /logout ends at the issuer.
          formAction: ["'self'", new URL(config.issuer).origin],
          // No inline style or script anywhere; the one stylesheet comes from this origin.
          styleSrc: ["'self'"],
          upgradeInsecureRequests: insecure ? null : [],
        },
      },
      strictTransportSecurity: !insecure,
    }),
  );
  app.use('/static', express.static(here('./public'), { maxAge: config.env === 'production' ? '1h' : 0 }));
  app.use(sessionMiddleware(config, deps.sessions));

  app.use((req, res, next) => {
    // Pages show who is signed in; they must not be cached by the browser or a proxy.
    res.set('Cache-Control', 'no-store');
    const session = sessionOf(res).current;
    Object.assign(res.locals, {
      appName: config.appName,
      theme: config.theme,
      issuer: config.issuer,
      apiUrl: config.apiUrl,
      peer: config.peer,
      path: req.path,
      user: session?.user,
      csrfToken: session?.csrfToken,
      flash: undefined,
    });
    next();
  });

  app.use(signInRouter(config, deps));
  app.use(signOutRouter(config, deps));
  app.use(homeRouter(config));
  app.use(notesRouter(config, deps));
  app.use(apiCallsRouter(config, deps));
  app.use(howItWorksRouter(config, deps));
  app.use(sensitiveRouter());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.use((_req, _res, next) => next(new HttpError(404, 'Check the address for typos, or follow the link that brought you here again.')));
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof SignInAgain) {
      sessionOf(res).destroy();
      return res.redirect(303, `/login?${new URLSearchParams({ returnTo: req.method === 'GET' ? req.originalUrl : '/' }).toString()}`);
    }
    if (err instanceof AuthServerUnavailable) {
      deps.logger.warn({ err: err.message }, 'auth server unavailable');
      err = new HttpError(503, `The auth server (${config.issuer}) cannot be reached right now. Try again in a moment.`);
    }
    // Body-parser errors (broken or oversized forms, wrong charset) carry a 4xx status of their own.
    const clientStatus = (err as { status?: unknown }).status;
    if (!(err instanceof HttpError) && typeof clientStatus === 'number' && clientStatus >= 400 && clientStatus < 500) {
      err = new HttpError(clientStatus, 'The request could not be read. Go back and try again.');
    }
    const status = err instanceof HttpError ? err.status : 500;
    if (status >= 500 && status !== 503) deps.logger.error({ err, path: req.path }, 'request failed');
    const message = err instanceof HttpError ? err.message : 'Try again in a moment. If it keeps happening, tell the operator of this site.';
    res.status(status).render('error', { title: errorHeading(status), heading: errorHeading(status), status, message, user: sessionOf(res).current?.user });
  });

  return app;
}
