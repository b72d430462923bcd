import type { Request } from 'express';
import { InvalidRequest } from '@sso/shared';
import { requestParams, stringParam } from '../../http/params.js';
import { AUTHORIZATION_PARAMS } from './authorization-request.js';

/**
 * Known parameters as single strings. A repeated parameter is an error (RFC 6749 §3.1); when
 * client_id or redirect_uri themselves are repeated the error is shown, not redirected.
 */
export function readAuthorizationParams(req: Request): Record<string, string> {
  const source = requestParams(req);
  const params: Record<string, string> = {};
  for (const name of AUTHORIZATION_PARAMS) {
    const value = stringParam(source, name, { maxLength: name === 'state' || name === 'nonce' ? 1024 : 2048 });
    if (value !== undefined) params[name] = value;
  }
  if (source && Object.keys(source).length > 64) throw new InvalidRequest('Too many parameters');
  return params;
}
