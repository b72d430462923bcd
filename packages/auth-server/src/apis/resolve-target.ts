import { InvalidTarget } from '@sso/shared';
import type { Api } from './api.js';
import { isOidcScope, type ScopeRegistry } from './registry.js';

/** Who an access token is for and what it may do there. */
export interface TokenTarget {
  /** The API (the token's `aud`), or null: the token is only good for userinfo. */
  api: Api | null;
  /** The access token's scope: only the API's scopes, or only the OpenID ones without an API (a deleted API's scopes drop out). */
  scopes: string[];
}

const MAX_RESOURCE_LENGTH = 2048;

/** RFC 8707 §2: an absolute URI without a fragment. */
export function checkResourceSyntax(resource: string): string {
  let url: URL;
  try {
    url = new URL(resource);
  } catch {
    throw new InvalidTarget('resource must be an absolute URI');
  }
  if (resource.length > MAX_RESOURCE_LENGTH || resource.includes('#') || !url.protocol) {
    throw new InvalidTarget('resource must be an absolute URI without a fragment');
  }
  return resource;
}

/**
 * Picks the audience of an access token from the granted (or requested) scopes.
 * - `resource` names the API (RFC 8707 §2); it must be a registered API that some scope of the
 *   grant belongs to, else invalid_target: the client may not use it.
 * - Without it the API scopes imply their API; scopes of two APIs need `resource` (a refresh
 *   token then obtains a token for the other, RFC 8707 §2.2).
 * - No API scope at all: a token for userinfo only. `resource` = the userinfo endpoint asks for
 *   such a token from a grant that also holds API scopes.
 */
export function resolveTarget(registry: ScopeRegistry, scopes: readonly string[], resource?: string | null): TokenTarget {
  if (resource) {
    checkResourceSyntax(resource);
    if (resource === registry.userinfo) {
      if (!scopes.includes('openid')) throw new InvalidTarget('The userinfo endpoint needs the openid scope');
      return { api: null, scopes: scopes.filter(isOidcScope) };
    }
    const api = registry.api(resource);
    if (!api) throw new InvalidTarget('The resource is not a registered API');
    const own = scopes.filter((s) => registry.apiOf(s)?.identifier === api.identifier);
    if (own.length === 0) throw new InvalidTarget('No scope of this resource was granted to the client');
    return { api, scopes: own };
  }
  const apis = new Map<string, Api>();
  for (const s of scopes) {
    const api = registry.apiOf(s);
    if (api) apis.set(api.identifier, api);
  }
  if (apis.size > 1) {
    throw new InvalidTarget(`The scopes belong to several APIs (${[...apis.keys()].join(', ')}): name one with the resource parameter`);
  }
  const [api] = apis.values();
  if (api) return { api, scopes: scopes.filter((s) => registry.apiOf(s) === api) };
  return { api: null, scopes: scopes.filter(isOidcScope) };
}
