import type { Response } from 'express';

export interface BearerErrorResponse {
  status: number;
  /** RFC 6750 §3.1 code; left out when the request carried no token at all (RFC 6750 §3). */
  error?: string;
  description: string;
  /** Short, human wording for the tutorial UI. */
  message: string;
  /** RFC 6750 §3: the scopes the resource needs, on insufficient_scope. */
  scope?: string;
}

/** RFC 6750 §3: error_description and scope are limited to %x20-21 / %x23-5B / %x5D-7E (descriptions are written without quotes, so header and body agree). */
const quote = (value: string) => `"${value.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, "'")}"`;

export function bearerChallenge(realm: string, response: Pick<BearerErrorResponse, 'error' | 'description' | 'scope'>): string {
  const params = [`realm=${quote(realm)}`];
  if (response.error) {
    params.push(`error=${quote(response.error)}`, `error_description=${quote(response.description)}`);
    if (response.scope) params.push(`scope=${quote(response.scope)}`);
  }
  return `Bearer ${params.join(', ')}`;
}

/** Answers with the challenge and a uniform JSON body; the token itself never appears in either. */
export function sendBearerError(res: Response, realm: string, response: BearerErrorResponse): void {
  res
    .status(response.status)
    .set('WWW-Authenticate', bearerChallenge(realm, response))
    .set('Cache-Control', 'no-store')
    .json({
      error: response.error ?? 'unauthorized',
      error_description: response.description,
      message: response.message,
    });
}
