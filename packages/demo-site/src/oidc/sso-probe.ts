import type { Request, Response } from 'express';
import type { Config } from '../config.js';
import { readCookie } from '../session/session-middleware.js';

/**
 * The landing page's silent single sign-on check (OIDC Core §3.1.2.1 prompt=none), at most once per
 * browser session. A session cookie (no Max-Age, so it ends with the browser) marks that the check
 * was made: after a `login_required` answer, or once the visitor has signed in or out here, the
 * landing page never redirects again on its own, so there is no loop.
 */
export function ssoProbe(config: Config) {
  const name = `${config.cookieName}_sso_checked`;
  const options = { httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, path: '/' };
  return {
    done(req: Request): boolean {
      return readCookie(req.headers.cookie, name) === '1';
    },
    mark(res: Response): void {
      res.cookie(name, '1', options);
    },
  };
}

export type SsoProbe = ReturnType<typeof ssoProbe>;
