import type { Request } from 'express';
import { InvalidRequest, InvalidToken } from '@sso/shared';

/**
 * The access token from `Authorization: Bearer` (RFC 6750 §2.1) or, on POST, the form body
 * (§2.2). Never from the URL (§2.3 is refused: it leaks into logs and referrers, RFC 9700 §4.3.2).
 */
export function bearerToken(req: Request): string {
  if (typeof req.query.access_token !== 'undefined') throw new InvalidRequest('Send the access token in the Authorization header');
  const header = req.get('authorization');
  const body = req.is('application/x-www-form-urlencoded') ? (req.body as Record<string, unknown>).access_token : undefined;
  if (header !== undefined && body !== undefined) throw new InvalidRequest('Send the access token one way only');
  if (header !== undefined) {
    const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
    if (!match?.[1]) throw new InvalidToken('The Authorization header is not a Bearer token');
    return match[1];
  }
  if (typeof body === 'string' && body.length > 0) return body;
  throw new InvalidToken('No access token was sent');
}
