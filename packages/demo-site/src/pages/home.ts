import { Router } from 'express';
import type { Config } from '../config.js';
import { ssoProbe } from '../oidc/sso-probe.js';
import { sessionOf } from '../session/session-middleware.js';

const SHOWN_CLAIMS = ['sub', 'name', 'preferred_username', 'email', 'email_verified', 'roles', 'role', 'sid', 'auth_time', 'amr', 'acr'];

export function homeRouter(config: Config): Router {
  const router = Router();
  const probe = ssoProbe(config);
  router.get('/', (req, res) => {
    const session = sessionOf(res).current;
    // A first visit asks the auth server, silently, whether someone is already signed in there, so
    // "sign in once, signed in on the other app" holds without a click. Once per browser session;
    // a visitor with a local session (signed out here, or a flash to show) has acted already.
    if (!session && config.silentSso && !probe.done(req)) {
      probe.mark(res);
      return res.redirect(303, `/login?${new URLSearchParams({ returnTo: '/', probe: '1' }).toString()}`);
    }
    // RP-Initiated Logout 1.0 §3: state comes back on the post-logout redirect; only then say so.
    let flash = session?.flash;
    if (session?.logoutState && req.query.state === session.logoutState) {
      flash = `You are signed out of ${config.appName} and of the auth server; every app you reached through it was told to sign you out too.`;
      session.logoutState = undefined;
    }
    if (session) session.flash = undefined;
    const user = session?.user;
    const claims = user
      ? SHOWN_CLAIMS.flatMap((k) => (user.claims[k] === undefined ? [] : [{ name: k, value: JSON.stringify(user.claims[k]) }]))
      : [];
    res.render('home', { title: 'Home', claims, flash });
  });
  return router;
}
