import type { Response } from 'express';
import type { OAuthError } from '@sso/shared';

/**
 * Sends the browser back to the client. `iss` identifies this server in every response, errors
 * included (RFC 9207 §2), so clients can detect mix-up attacks.
 */
export function redirectToClient(res: Response, redirectUri: string, params: Record<string, string | undefined>, issuer: string): void {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  url.searchParams.set('iss', issuer);
  res.set('Cache-Control', 'no-store').redirect(303, url.toString());
}

export function redirectError(res: Response, redirectUri: string, error: OAuthError, state: string | undefined, issuer: string): void {
  redirectToClient(res, redirectUri, { error: error.error, error_description: error.description, state }, issuer);
}
