import type { Router } from 'express';
import { InvalidRequest, UnauthorizedClient, UnsupportedGrantType } from '@sso/shared';
import type { AppContext } from '../app-context.js';
import { GRANT_TYPES } from '../apis/registry.js';
import { requiredParam } from '../http/params.js';
import { authorizationCodeGrant } from './grants/authorization-code.js';
import { clientCredentialsGrant } from './grants/client-credentials.js';
import type { GrantHandler } from './grants/grant.js';
import { refreshTokenGrant } from './grants/refresh-token.js';
import { authenticateClient } from './steps/authenticate-client.js';
import { noStore, requireForm } from './steps/token-request.js';

/** One handler per grant type of the registry (which discovery and client validation read): the type checker keeps them in step. */
const HANDLERS: Record<(typeof GRANT_TYPES)[number], GrantHandler> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
};
const GRANTS = new Map<string, GrantHandler>(GRANT_TYPES.map((type) => [type, HANDLERS[type]]));

/** RFC 6749 §3.2: POST, form-encoded, client authenticated, grant dispatched by type. */
export function tokenRoutes(router: Router, ctx: AppContext): void {
  router.post('/token', noStore, requireForm, async (req, res) => {
    const client = await authenticateClient(ctx, req, res, { allowPublic: true });
    const grantType = requiredParam(req.body as Record<string, unknown>, 'grant_type', { maxLength: 128 });
    const grant = GRANTS.get(grantType);
    if (!grant) throw new UnsupportedGrantType(`Unsupported grant_type: ${grantType.slice(0, 64)}`);
    if (!client.grantTypes.includes(grantType)) throw new UnauthorizedClient(`This client may not use ${grantType}`);
    const response = await grant.handler(ctx, req, client);
    ctx.metrics.tokensIssued.inc({ grant_type: grantType });
    res.json(response);
  });
  router.all('/token', noStore, (_req, res) => {
    res.set('Allow', 'POST');
    throw new InvalidRequest('The token endpoint accepts only POST', 405);
  });
}
