import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';

/** One line per request. Path only: a query string may carry a (refused) token, and headers carry real ones. */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (!logger.isLevelEnabled('info')) return next();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, sub: req.auth?.subject }, 'request');
    });
    next();
  };
}
