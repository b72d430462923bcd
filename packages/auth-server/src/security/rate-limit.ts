import type { RequestHandler } from 'express';
import { rateLimit as expressRateLimit } from 'express-rate-limit';
import { TooManyRequests } from '@sso/shared';
import type { AppContext } from '../app-context.js';
import { sendError } from '../http/error-handler.js';

/**
 * Per-client-IP request budget over a one-minute window (OWASP Authentication Cheat Sheet,
 * "Protect Against Automated Attacks"). The key is `req.ip`, so it honours `trust proxy`;
 * IPv6 addresses are grouped by /56 (express-rate-limit's default) so one host cannot rotate
 * through its own prefix.
 *
 * With Redis configured the counters are shared by every instance. If Redis fails, requests pass
 * (fail open, logged): the database-backed account lockout still guards passwords, and a cache
 * outage must not become a sign-in outage.
 */
export function rateLimit(
  ctx: Pick<AppContext, 'logger' | 'rateLimitStore'>,
  name: string,
  perMinute: number,
  /** Instead of answering 429, pass this error on (for callers that render errors their own way). */
  refusal?: () => Error,
): RequestHandler {
  const log = ctx.logger.child({ rateLimit: name });
  return expressRateLimit({
    windowMs: 60_000,
    limit: perMinute,
    // RateLimit-Policy / RateLimit headers (draft-ietf-httpapi-ratelimit-headers-08); Retry-After on 429.
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    identifier: name,
    store: ctx.rateLimitStore?.(name),
    passOnStoreError: true,
    logger: {
      error: (err, msg) => log.warn({ err }, msg ?? 'rate-limit store error'),
      warn: (err, msg) => log.warn({ err }, msg ?? 'rate-limit warning'),
    },
    handler(req, res, next) {
      ctx.logger.warn({ rateLimit: name, ip: req.ip, reqId: req.id }, 'rate limit exceeded');
      if (refusal) return next(refusal());
      sendError(res, new TooManyRequests('Too many attempts from your network. Wait a minute and try again.'), req);
    },
  });
}
