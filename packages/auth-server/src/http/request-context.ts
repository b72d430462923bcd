import { randomUUID } from 'node:crypto';
import type { Express, RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import type { Account } from '../accounts/account.js';
import type { Session } from '../sessions/session.js';
import type { Metrics } from '../observability/metrics.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Request id, echoed as X-Request-Id and on every log line. */
      id: string;
      /** A logger whose lines carry this request's id. */
      log: Logger;
      /** The signed-in user of this browser, when there is one. */
      authSession?: { session: Session; account: Account };
    }
  }
}

const VALID_ID = /^[A-Za-z0-9._-]{1,64}$/;
const childLog = Symbol('request logger');

/**
 * Assigns the request id and writes one access-log line and one histogram sample with latency.
 * `req.log` is a getter on the app's request prototype that binds the id on first use: a pino child
 * per request cost more than the rest of this middleware, and most requests never log through it.
 * The access-log lines name `reqId` themselves, as the error handler's do. Log fields are only
 * gathered at a level that writes them.
 */
export function requestContext(app: Express, logger: Logger, metrics: Metrics): RequestHandler {
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: Express.Request & { [childLog]?: Logger }) {
      return (this[childLog] ??= logger.child({ reqId: this.id }));
    },
  });
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const reqId = typeof incoming === 'string' && VALID_ID.test(incoming) ? incoming : randomUUID();
    req.id = reqId;
    res.setHeader('X-Request-Id', reqId);
    const start = process.hrtime.bigint();
    if (logger.isLevelEnabled('debug')) logger.debug({ reqId, method: req.method, path: req.path }, 'request started');
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      // Route patterns, not raw paths, so metric labels stay bounded.
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
      metrics.httpRequests.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      if (logger.isLevelEnabled('info')) {
        logger.info({ reqId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
      }
    });
    next();
  };
}

