import { InvalidScope, UnauthorizedClient } from '@sso/shared';
import { isOidcScope, loadRegistry } from '../../apis/registry.js';
import { resolveTarget } from '../../apis/resolve-target.js';
import { tokenAudience } from '../../apis/token-audience.js';
import { epochSeconds } from '../../clock.js';
import { stringParam } from '../../http/params.js';
import { buildAccessToken } from '../../tokens/access-token.js';
import { parseScope } from '../steps/check-scope.js';
import type { GrantHandler } from './grant.js';

/**
 * RFC 6749 §4.4: confidential clients only, no refresh token (§4.4.3). The client acts for itself,
 * so only API scopes apply; `resource` (RFC 8707) or the scopes pick the API.
 */
export const clientCredentialsGrant: GrantHandler = {
  grantType: 'client_credentials',
  async handler(ctx, req, client) {
    if (client.secretHash === null) throw new UnauthorizedClient('Public clients cannot use client_credentials');
    const body = req.body as Record<string, unknown>;
    const registry = await loadRegistry(ctx.store, ctx.config);
    const allowed = client.scopes.filter((s) => !isOidcScope(s) && registry.apiOf(s));
    const asked = parseScope(stringParam(body, 'scope'));
    const refused = asked.filter((s) => !allowed.includes(s));
    if (refused.length > 0) throw new InvalidScope(`Scope not allowed for this client: ${refused.join(' ')}`);
    const target = resolveTarget(registry, asked.length > 0 ? asked : allowed, stringParam(body, 'resource', { maxLength: 2048 }));
    if (!target.api) throw new InvalidScope('This client has no API scope to ask for');
    const { audience, ttlSec, scope } = tokenAudience(ctx.config, registry, target);
    const access = await buildAccessToken(ctx.keys, {
      issuer: ctx.config.issuer,
      audience,
      clientId: client.clientId,
      subject: client.clientId,
      scope,
      nowSec: epochSeconds(ctx.clock),
      ttlSec,
    });
    return { access_token: access.token, token_type: 'Bearer', expires_in: ttlSec, scope };
  },
};
