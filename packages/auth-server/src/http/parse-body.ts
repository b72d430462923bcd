import express, { type Request, type RequestHandler } from 'express';

/**
 * RFC 9112 §6.3: a request has content only when it says so with Content-Length or
 * Transfer-Encoding. GETs, most of the traffic, carry neither.
 */
const hasContent = (req: Request): boolean => req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;

/**
 * Form and JSON bodies, 16 KB at most, in one app-wide layer. A request without content skips both
 * parsers: each would otherwise look at the stream state and the headers again before deciding there
 * is nothing to read, which cost a bodiless request more than its response headers (issue 14).
 */
export function parseBody(): RequestHandler {
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 64 });
  const json = express.json({ limit: '16kb' });
  return (req, res, next) => {
    if (!hasContent(req)) {
      next();
      return;
    }
    form(req, res, (err?: unknown) => (err ? next(err) : json(req, res, next)));
  };
}
