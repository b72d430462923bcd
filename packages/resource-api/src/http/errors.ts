import type { ErrorRequestHandler, RequestHandler } from 'express';
import { InvalidRequest, NotFound, OAuthError, ServerError } from '@sso/shared';
import type { Logger } from '../logger.js';

const MESSAGES: Record<number, string> = {
  400: 'The request is malformed',
  404: 'Nothing here',
  413: 'The request body is too large',
  415: 'Send JSON with Content-Type: application/json',
};

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFound('no such route'));

/** Uniform JSON errors; internal detail goes to the log, never to the client. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = toOAuthError(error);
    if (!known) logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    const failure = known ?? new ServerError('the server failed to handle the request');
    res.status(failure.status).json({ ...failure.toJSON(), message: MESSAGES[failure.status] ?? 'Something went wrong' });
  };
}

/**
 * body-parser errors carry an exposable 4xx status and a `type` like `entity.too.large`; the router
 * raises a URIError with status 400 for a path parameter that is not valid percent-encoding.
 */
function toOAuthError(error: unknown): OAuthError | undefined {
  if (error instanceof OAuthError) return error;
  const { status, type, expose } = (error ?? {}) as { status?: unknown; type?: unknown; expose?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (expose !== true && !(error instanceof URIError)) return undefined;
  if (type === 'entity.parse.failed') return new InvalidRequest('the body is not valid JSON');
  if (type === 'entity.too.large') return new InvalidRequest('the body exceeds 16 kB', 413);
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return new InvalidRequest('unsupported body encoding', 415);
  return new InvalidRequest('the request could not be read', status);
}
