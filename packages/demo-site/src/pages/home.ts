import { Router } from 'express';
import type { Config } from '../config.js';
import { sessionOf } from '../session/session-middleware.js';

const SHOWN_CLAIMS = ['sub', 'name', 'preferred_username', 'email', 'email_verified', 'roles', 'role', 'sid', 'auth_time', 'amr', 'acr'];

export function homeRouter(config: Config): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const session = sessionOf(res).current;
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
