import { InvalidScope, UnauthorizedClient } from '@sso/shared';
import { epochSeconds } from '../../clock.js';
import { stringParam } from '../../http/params.js';
import { buildAccessToken } from '../../tokens/access-token.js';
import { parseScope } from '../steps/check-scope.js';
import type { GrantHandler } from './grant.js';

/** Scopes that describe a user; meaningless when the client acts for itself. */
const USER_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

/** RFC 6749 §4.4: confidential clients only, no refresh token (§4.4.3). */
export const clientCredentialsGrant: GrantHandler = {
  grantType: 'client_credentials',
  async handler(ctx, req, client) {
    if (client.secretHash === null) throw new UnauthorizedClient('Public clients cannot use client_credentials');
    const allowed = client.scopes.filter((s) => !USER_SCOPES.has(s));
    const asked = parseScope(stringParam(req.body as Record<string, unknown>, 'scope'));
    const refused = asked.filter((s) => !allowed.includes(s));
    if (refused.length > 0) throw new InvalidScope(`Scope not allowed for this client: ${refused.join(' ')}`);
    const scope = (asked.length > 0 ? asked : allowed).join(' ');
    const { config } = ctx;
    const access = await buildAccessToken(ctx.keys, {
      issuer: config.issuer,
      audience: config.resourceAudience,
      clientId: client.clientId,
      subject: client.clientId,
      scope,
      roles: [],
      nowSec: epochSeconds(ctx.clock),
      ttlSec: config.ttl.accessToken,
    });
    return { access_token: access.token, token_type: 'Bearer', expires_in: config.ttl.accessToken, scope };
  },
};
