import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import type { Account, Session } from '../store/types.js';
import type { Metrics } from '../observability/metrics.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Request id, echoed as X-Request-Id and on every log line. */
      id: string;
      log: Logger;
      /** The signed-in user of this browser, when there is one. */
      authSession?: { session: Session; account: Account };
    }
  }
}

const VALID_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Assigns the request id, a child logger and one access-log line with latency. */
export function requestContext(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && VALID_ID.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ reqId: req.id });
    res.set('X-Request-Id', req.id);
    const start = process.hrtime.bigint();
    req.log.debug({ method: req.method, path: req.path }, 'request started');
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      // Route patterns, not raw paths, so metric labels stay bounded.
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
      metrics.httpRequests.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      req.log.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(seconds * 1000) }, 'request');
    });
    next();
  };
}
