import express from 'express';
import type { RequestHandler } from 'express';
import { UnsupportedMediaType } from '@sso/shared';

const parse = express.json({ limit: '16kb', strict: true });

/** Bodies must be JSON objects up to 16 kB; anything else is a clear 4xx, never a 500. */
export function jsonBody(): RequestHandler {
  return (req, res, next) => {
    if (!req.is('application/json')) {
      return next(new UnsupportedMediaType('the body must be application/json'));
    }
    parse(req, res, next);
  };
}
