import { InvalidRequest } from '@sso/shared';
import type { AuthorizationStep } from '../authorize/authorization-request.js';

/**
 * Exact string match against the registered list: no prefixes, no wildcards (RFC 9700 §4.1.3,
 * OpenID Connect Core §3.1.2.1 makes redirect_uri required). A mismatch is an error page.
 */
export const checkRedirectUri: AuthorizationStep = (request) => {
  const uri = request.params.redirect_uri;
  if (!uri) throw new InvalidRequest('redirect_uri is required');
  if (!request.client?.redirectUris.includes(uri)) throw new InvalidRequest('redirect_uri is not registered for this client');
  request.redirectUri = uri;
  request.state = request.params.state;
};
