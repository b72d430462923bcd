import type { ErrorRequestHandler, RequestHandler } from 'express';
import { bodyParserError, NotFound, OAuthError, ServerError } from '@sso/shared';
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

function toOAuthError(error: unknown): OAuthError | undefined {
  return error instanceof OAuthError ? error : bodyParserError(error);
}
