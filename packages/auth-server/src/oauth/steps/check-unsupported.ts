import { RequestNotSupported, RequestUriNotSupported } from '@sso/shared';
import type { AuthorizationStep } from '../authorize/authorization-request.js';

/** Request objects are not supported (OpenID Connect Core §6.1, §6.2 error codes). */
export const checkUnsupported: AuthorizationStep = (request) => {
  if (request.params.request) throw new RequestNotSupported('Request objects are not supported');
  if (request.params.request_uri) throw new RequestUriNotSupported('request_uri is not supported');
};
