import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config.js';
import { HttpError } from '../errors.js';
import { sessionOf } from './session-middleware.js';

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Every state-changing form carries the session's synchronizer token, and a browser that names the
 * request's origin must name this one (OWASP CSRF cheat sheet: token + origin check).
 */
export function requireCsrf(config: Config) {
  const ownOrigin = new URL(config.baseUrl).origin;
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (origin && origin !== 'null' && origin !== ownOrigin) {
      return next(new HttpError(403, 'This form came from another site and was refused. Use the forms on this site\'s own pages.'));
    }
    const session = sessionOf(res).current;
    const sent: unknown = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (!session || typeof sent !== 'string' || !same(sent, session.csrfToken)) {
      return next(new HttpError(403, 'This form has expired. Go back, reload the page and try again.'));
    }
    next();
  };
}
