import type { Request } from 'express';
import { InvalidRequest } from '@sso/shared';

type Source = Record<string, unknown> | undefined;

/**
 * One string parameter. RFC 6749 §3.1: parameters must not be included more than once, and a
 * value that is not a string (array, object from JSON) is malformed.
 */
export function stringParam(source: Source, name: string, opts: { maxLength?: number } = {}): string | undefined {
  const value = source?.[name];
  if (value === undefined || value === '') return undefined;
  if (Array.isArray(value)) throw new InvalidRequest(`${name} must not be repeated`);
  if (typeof value !== 'string') throw new InvalidRequest(`${name} must be a string`);
  if (value.length > (opts.maxLength ?? 2048)) throw new InvalidRequest(`${name} is too long`);
  return value;
}

export function requiredParam(source: Source, name: string, opts: { maxLength?: number } = {}): string {
  const value = stringParam(source, name, opts);
  if (value === undefined) throw new InvalidRequest(`${name} is required`);
  return value;
}

/** Query for GET, form body for POST (OpenID Connect Core §3.1.2.1 allows both at authorize). */
export function requestParams(req: Request): Source {
  return req.method === 'POST' ? (req.body as Source) : req.query;
}

/** The client's address as Express sees it (honours `trust proxy`). */
export const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';
