import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { InvalidRequest } from '@sso/shared';
import { cookieSettings, readCookie } from '../http/cookies.js';
import { randomToken } from '../tokens/opaque.js';

/** One wording for a missing and a wrong token: which it was helps only an attacker. */
const refused = (): InvalidRequest =>
  new InvalidRequest('The form has expired or was not sent by this site. Reload the page and try again.', 403);

/**
 * Signed double-submit CSRF tokens (OWASP CSRF Cheat Sheet): a random cookie, and in every form
 * an HMAC of it under the server secret. An attacker who can plant a cookie still cannot forge the
 * matching form field.
 */

export function createCsrf(secret: string, secure: boolean) {
  const cookies = cookieSettings(secure);
  const cookieName = cookies.name('sso_csrf');
  const sign = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');

  return {
    /** The token for forms on this response; sets the cookie on first use. */
    token(req: Request, res: Response): string {
      let value = readCookie(req, cookieName);
      if (!value || !/^[A-Za-z0-9_-]{43}$/.test(value)) {
        value = randomToken();
        res.cookie(cookieName, value, cookies.options);
        // Later reads on this same request see the new value.
        req.headers.cookie = `${req.headers.cookie ? `${req.headers.cookie}; ` : ''}${cookieName}=${value}`;
      }
      return sign(value);
    },

    /**
     * A stable, non-secret id of this browser (a hash of its CSRF cookie), to bind a half-done
     * sign-in to the browser that began it; undefined before the cookie exists.
     */
    browserBinding(req: Request): string | undefined {
      const cookie = readCookie(req, cookieName);
      return cookie ? createHmac('sha256', secret).update(`binding:${cookie}`).digest('base64url') : undefined;
    },

    /** Middleware for form POSTs: refuses a missing or wrong `_csrf` field with 403. */
    verify(): RequestHandler {
      return (req, _res, next) => {
        const cookie = readCookie(req, cookieName);
        const sent = (req.body as Record<string, unknown> | undefined)?._csrf;
        if (!cookie || typeof sent !== 'string') {
          next(refused());
          return;
        }
        const expected = Buffer.from(sign(cookie));
        const given = Buffer.from(sent);
        if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
          next(refused());
          return;
        }
        next();
      };
    },
  };
}

export type Csrf = ReturnType<typeof createCsrf>;
