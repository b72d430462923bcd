import type { Request } from 'express';
import { InvalidRequest, type OAuthError } from '@sso/shared';
import { requestParams, stringParam } from '../../http/params.js';
import { AUTHORIZATION_PARAMS } from './authorization-request.js';

/**
 * Known parameters as single strings. A repeated parameter is an error (RFC 6749 §3.1); when
 * client_id or redirect_uri themselves are repeated the error is shown, not redirected.
 */
export function readAuthorizationParams(req: Request): { params: Record<string, string>; problem?: OAuthError } {
  const source = requestParams(req);
  const params: Record<string, string> = {};
  let problem: OAuthError | undefined;
  if (source && Object.keys(source).length > 64) throw new InvalidRequest('Too many parameters');
  for (const name of AUTHORIZATION_PARAMS) {
    try {
      const value = stringParam(source, name, { maxLength: name === 'state' || name === 'nonce' ? 1024 : 2048 });
      if (value !== undefined) params[name] = value;
    } catch (err) {
      // Without a trustworthy client_id and redirect_uri there is nowhere safe to redirect to.
      if (name === 'client_id' || name === 'redirect_uri') throw err;
      // A repeated state must not be echoed back: drop it, the error says why.
      problem ??= err as OAuthError;
    }
  }
  return { params, ...(problem && { problem }) };
}
