import type { NextFunction, Request, Response } from 'express';
import { sessionOf } from '../session/session-middleware.js';

/** A protected page sends a signed-out visitor to /login, remembering where they were going. */
export function requireSignIn(req: Request, res: Response, next: NextFunction): void {
  if (sessionOf(res).current?.user) return next();
  // A form posted after the session ended cannot be replayed after sign-in; return to the page instead.
  const returnTo = req.method === 'GET' ? req.originalUrl : '/';
  res.redirect(303, `/login?${new URLSearchParams({ returnTo }).toString()}`);
}
