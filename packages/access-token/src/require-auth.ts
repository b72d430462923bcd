import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { OAuthError } from './errors.js';
import type { AccessTokenVerifier } from './access-token-verifier.js';
import type { VerifiedAccessToken } from './access-token-claims.js';
import { sendBearerError } from './bearer-challenge.js';
import { extractBearerToken } from './extract-bearer-token.js';

export interface AccessTokenAuth extends VerifiedAccessToken {
  /** The raw token, for calling further APIs on the user's behalf. Never log it. */
  token: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- the way Express types are augmented
  namespace Express {
    interface Request {
      /** Set by requireAuth once the access token is verified. */
      auth?: AccessTokenAuth;
    }
  }
}

export interface RequireAuthOptions {
  /** RFC 6750 §3 `realm`, also used by requireScope / requireRole behind this middleware. */
  realm?: string;
}

const REALM = 'bearerRealm';

export function realmOf(res: Response): string {
  const realm: unknown = res.locals[REALM];
  return typeof realm === 'string' ? realm : 'api';
}

const MESSAGES: Record<string, string> = {
  invalid_request: 'Token must be sent in the Authorization header as "Bearer <token>"',
  invalid_token: 'Token is invalid',
  temporarily_unavailable: 'Tokens cannot be checked right now, try again shortly',
};

/**
 * RFC 6750 §2.1 + §3: verifies the Bearer access token and sets `req.auth`, or answers the challenge.
 * A token verified before is answered synchronously (a hash and a lookup, no promise); only a new
 * one waits for the signature check.
 */
export function requireAuth(verifier: AccessTokenVerifier, options: RequireAuthOptions = {}): RequestHandler {
  const realm = options.realm ?? 'api';
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals[REALM] = realm;
    const extracted = extractBearerToken(req);
    if (extracted.kind === 'none') {
      sendBearerError(res, realm, { status: 401, description: 'this resource needs a Bearer access token', message: 'Token is missing' });
      return;
    }
    if (extracted.kind === 'refused') return sendOAuthError(res, realm, extracted.error);
    const { token } = extracted;
    const hit = verifier.cached(token);
    if (hit) {
      req.auth = { ...hit, token };
      return next();
    }
    // Returned to Express, which passes a rejection (a throw in next()) to the error handler.
    return verifier.verify(token).then(
      (verified) => {
        req.auth = { ...verified, token };
        next();
      },
      (error: unknown) => (error instanceof OAuthError ? sendOAuthError(res, realm, error) : next(error)),
    );
  };
}

function sendOAuthError(res: Response, realm: string, error: OAuthError): void {
  const message = MESSAGES[error.error] ?? 'Token is invalid';
  if (error.status === 503) {
    res.status(503).set('Retry-After', '5').json({ ...error.toJSON(), message });
    return;
  }
  sendBearerError(res, realm, { status: error.status, error: error.error, description: error.description, message });
}

/** `req.auth` for handlers behind requireAuth; throws if the middleware is missing (a wiring bug). */
export function getAuth(req: Request): AccessTokenAuth {
  if (!req.auth) throw new Error('getAuth() used on a route without requireAuth()');
  return req.auth;
}
