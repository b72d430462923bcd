import type { Request } from 'express';
import { InvalidRequest } from './errors.js';
import type { OAuthError } from './errors.js';

export type ExtractedToken = { kind: 'token'; token: string } | { kind: 'none' } | { kind: 'refused'; error: OAuthError };

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const MAX_TOKEN_LENGTH = 8192;

export interface ExtractBearerOptions {
  /**
   * Also accept `access_token` in a form-encoded body (RFC 6750 §2.2), as OpenID Connect Core
   * §5.3.1 allows at the UserInfo endpoint. Off for resource servers.
   */
  formBody?: boolean;
}

/**
 * The token is read from the Authorization header only. A token in the URL is refused outright
 * (RFC 6750 §2.3 and §5.3, RFC 9700 §4.3.2: URLs leak into logs, history and Referer); a form-body
 * token (RFC 6750 §2.2) is looked at only with `formBody`; otherwise such a request counts as carrying no token.
 */
export function extractBearerToken(req: Request, options: ExtractBearerOptions = {}): ExtractedToken {
  const query = req.originalUrl.indexOf('?');
  if (query !== -1 && new URLSearchParams(req.originalUrl.slice(query + 1)).has('access_token')) {
    return { kind: 'refused', error: new InvalidRequest('access tokens must be sent in the Authorization header, not the URL') };
  }
  const header = req.headers.authorization;
  const body: unknown = options.formBody && req.is('application/x-www-form-urlencoded') ? (req.body as Record<string, unknown> | undefined)?.access_token : undefined;
  // RFC 6750 §2: a client MUST NOT use more than one method to send the token.
  if (header !== undefined && body !== undefined) return { kind: 'refused', error: new InvalidRequest('send the access token one way only') };
  if (body !== undefined) {
    return typeof body === 'string' && B64TOKEN.test(body) && body.length <= MAX_TOKEN_LENGTH
      ? { kind: 'token', token: body }
      : { kind: 'refused', error: new InvalidRequest('the access_token form field is malformed') };
  }
  if (header === undefined) return { kind: 'none' };
  const space = header.indexOf(' ');
  const scheme = space === -1 ? header : header.slice(0, space);
  // RFC 7235 §2.1: the scheme is case-insensitive. Another scheme (Basic, ...) is no Bearer token at all.
  if (scheme.toLowerCase() !== 'bearer') return { kind: 'none' };
  const token = space === -1 ? '' : header.slice(space + 1).trim();
  if (!B64TOKEN.test(token) || token.length > MAX_TOKEN_LENGTH) {
    // RFC 6750 §3.1: a malformed request is invalid_request.
    return { kind: 'refused', error: new InvalidRequest('the Authorization header must be: Bearer, a space, then the token') };
  }
  return { kind: 'token', token };
}
