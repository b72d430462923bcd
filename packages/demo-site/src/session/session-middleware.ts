import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Config } from '../config.js';
import type { Session, SessionStore } from './session-store.js';

/** Per-request access to the visitor's server-side session. */
export interface SessionHandle {
  /** The session, if the visitor has a live one. */
  readonly current: Session | undefined;
  /** The session, created (and its cookie set) if needed. */
  ensure(): Session;
  /** Swap in a rotated session and point the cookie at it. */
  replace(session: Session): void;
  /** Forget the session here and in the browser. */
  destroy(): void;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function sessionMiddleware(config: Config, store: SessionStore): RequestHandler {
  const cookieOptions = {
    httpOnly: true,
    // Lax: the cookie still rides the top-level redirect back from the auth server to /callback.
    sameSite: 'lax' as const,
    secure: config.secureCookies,
    path: '/',
  };
  return (req: Request, res: Response, next: NextFunction) => {
    let current = store.get(readCookie(req.headers.cookie, config.cookieName));
    const handle: SessionHandle = {
      get current() {
        return current;
      },
      ensure() {
        if (!current) {
          current = store.create();
          res.cookie(config.cookieName, current.id, cookieOptions);
        }
        return current;
      },
      replace(session) {
        current = session;
        res.cookie(config.cookieName, session.id, cookieOptions);
      },
      destroy() {
        if (current) store.destroy(current.id);
        current = undefined;
        res.clearCookie(config.cookieName, cookieOptions);
      },
    };
    res.locals.session = handle;
    next();
  };
}

export function sessionOf(res: Response): SessionHandle {
  return res.locals.session as SessionHandle;
}
