import type { Config } from '../config/config.js';
import type { Account } from '../accounts/account.js';
import type { ScopeRegistry } from './registry.js';
import type { TokenTarget } from './resolve-target.js';

/** The access-token fields that follow from its target: audience, lifetime and roles. */
export function tokenAudience(config: Pick<Config, 'ttl'>, registry: Pick<ScopeRegistry, 'userinfo'>, target: TokenTarget, account?: Account) {
  const { api } = target;
  return {
    // RFC 9068 §3: `aud` names the resource server. A token with no API scope is only for userinfo,
    // so it names our userinfo endpoint and no API accepts it.
    audience: api?.identifier ?? registry.userinfo,
    ttlSec: api?.accessTokenTtl ?? config.ttl.accessToken,
    roles: api?.includeRoles && account ? account.roles : undefined,
    scope: target.scopes.join(' '),
  };
}
