import type { RequestHandler } from 'express';
import { InvalidRequest } from '@sso/shared';

/** RFC 6749 §5.1: token responses and errors must not be cached. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  next();
};

/** RFC 6749 §3.2: parameters in the form-encoded body, nowhere else. */
export const requireForm: RequestHandler = (req, _res, next) => {
  if (!req.is('application/x-www-form-urlencoded')) {
    next(new InvalidRequest('Send parameters as application/x-www-form-urlencoded'));
    return;
  }
  if (Object.keys(req.query).length > 0) {
    next(new InvalidRequest('Parameters belong in the request body, not the URL'));
    return;
  }
  next();
};
