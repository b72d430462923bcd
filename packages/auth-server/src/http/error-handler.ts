import type { ErrorRequestHandler, Request, Response } from 'express';
import { bodyParserError, OAuthError, ServerError, TemporarilyUnavailable } from '@sso/shared';
import type { Logger } from '../logger.js';
import { StoreUnavailableError } from '../store/types.js';
import { errorPageLocals } from './error-page.js';
import type { ErrorApplication } from './error-page.js';

export function toOAuthError(err: unknown, logger: Logger, req: Request): OAuthError {
  if (err instanceof OAuthError) return err;
  const parsed = bodyParserError(err);
  if (parsed) return parsed;
  // The store raises this itself for connection failures of either engine (store/unavailable-dialect.ts).
  if (err instanceof StoreUnavailableError) {
    logger.error({ err, reqId: req.id }, 'store unavailable');
    return new TemporarilyUnavailable('The service is temporarily unavailable, try again shortly');
  }
  logger.error({ err, reqId: req.id }, 'unhandled error');
  return new ServerError('An unexpected error occurred');
}

const wantsHtml = (req: Request): boolean =>
  req.accepts(['json', 'html']) === 'html' && !req.path.startsWith('/token') && req.method !== 'OPTIONS';

export function sendError(res: Response, error: OAuthError, req: Request): void {
  if (error.status === 503) res.set('Retry-After', '5');
  if (error.status === 401 && !res.get('WWW-Authenticate')) res.set('WWW-Authenticate', 'Bearer');
  res.set('Cache-Control', 'no-store');
  if (wantsHtml(req)) {
    // A step that knew the client (authorize) leaves it here, so the page can link back to the app.
    res.status(error.status).render('error', errorPageLocals(error, res.locals.errorApplication as ErrorApplication | undefined));
    return;
  }
  res.status(error.status).json(error.toJSON());
}

/** Last in the chain: OAuth errors as the surface expects, anything unknown as server_error. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const error = toOAuthError(err, logger, req);
    if (res.headersSent) {
      res.end();
      return;
    }
    sendError(res, error, req);
  };
}
