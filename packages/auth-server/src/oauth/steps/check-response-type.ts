import { InvalidRequest, UnauthorizedClient, UnsupportedResponseType } from '@sso/shared';
import type { AuthorizationStep } from '../authorize/authorization-request.js';

/** Only the authorization code flow (RFC 9700 §2.1.2 retires implicit). */
export const checkResponseType: AuthorizationStep = (request) => {
  const type = request.params.response_type;
  if (!type) throw new InvalidRequest('response_type is required');
  if (type !== 'code') throw new UnsupportedResponseType('Only response_type=code is supported');
  const mode = request.params.response_mode;
  if (mode && mode !== 'query') throw new InvalidRequest('Only response_mode=query is supported');
  if (!request.client?.grantTypes.includes('authorization_code')) {
    throw new UnauthorizedClient('This client may not use the authorization code flow');
  }
};
