import { BlockList } from 'node:net';
import { Conflict, InvalidInput } from '../admin/admin-error.js';
import { checkClientUri, type UriPolicy } from '../clients/client-rules.js';
import { SCOPE_TOKEN } from '../oauth/steps/check-scope.js';
import type { Api, ApiScope } from './api.js';
import { isOidcScope, type ScopeRegistry } from './registry.js';

export const MIN_TOKEN_TTL = 60;
export const MAX_TOKEN_TTL = 86_400;

export function checkTokenTtl(ttl: number): number {
  if (!Number.isInteger(ttl) || ttl < MIN_TOKEN_TTL || ttl > MAX_TOKEN_TTL) {
    throw new InvalidInput(`The access-token lifetime must be whole seconds from ${MIN_TOKEN_TTL} to ${MAX_TOKEN_TTL}`, 'access_token_ttl');
  }
  return ttl;
}

/** One scope as an API defines it: an RFC 6749 §3.3 scope-token with a consent-page description. */
export function checkScope(s: ApiScope): ApiScope {
  const description = s.description.trim();
  if (!SCOPE_TOKEN.test(s.name) || s.name.length > 64) {
    throw new InvalidInput(`Scope ${s.name} must be 1 to 64 characters without spaces, quotes or backslashes`, 'scopes');
  }
  if (isOidcScope(s.name)) throw new InvalidInput(`${s.name} is an OpenID Connect scope; an API cannot define it`, 'scopes');
  if (!description) throw new InvalidInput(`Scope ${s.name} needs a description shown on consent pages`, 'scopes');
  if (description.length > 200) throw new InvalidInput(`The description of ${s.name} is longer than 200 characters`, 'scopes');
  return { name: s.name, description };
}

const AUDIENCE_ONLY: UriPolicy = { production: false, allowed: new BlockList() };

export type ApiShape = Pick<Api, 'identifier' | 'name' | 'scopes' | 'accessTokenTtl' | 'includeRoles'>;

/**
 * The rules every registered API satisfies, on create and after every update: the identifier is an
 * absolute https URI without fragment (RFC 8707 §2; http only on loopback), scope names are RFC 6749
 * §3.3 scope-tokens that no OpenID Connect scope and no other API uses. A scope another API owns is
 * a conflict, not bad input.
 */
export function checkApiShape(a: ApiShape, registry: Pick<ScopeRegistry, 'apiOf'>): ApiShape {
  const name = a.name.trim();
  if (!name || name.length > 100) throw new InvalidInput('The name must be 1 to 100 characters', 'name');
  // An identifier names the audience; nothing is ever sent to it, so no address rule applies.
  const identifier = checkClientUri(a.identifier, 'The identifier', AUDIENCE_ONLY, 'identifier');
  if (identifier.length > 2048) throw new InvalidInput('The identifier is too long', 'identifier');
  if (a.scopes.length === 0) throw new InvalidInput('At least one scope (name and description) is required', 'scopes');
  const seen = new Set<string>();
  const scopes = a.scopes.map((s) => {
    const scope = checkScope(s);
    if (seen.has(scope.name)) throw new InvalidInput(`Scope ${scope.name} is listed twice`, 'scopes');
    seen.add(scope.name);
    return scope;
  });
  if (a.accessTokenTtl !== null) checkTokenTtl(a.accessTokenTtl);
  // Bad input is reported before a conflict: the caller fixes the request first.
  for (const s of scopes) checkScopeOwner(s.name, identifier, registry);
  return { ...a, name, identifier, scopes };
}

/** A scope name belongs to one API only: the registry resolves every scope to its audience. */
export function checkScopeOwner(scope: string, identifier: string, registry: Pick<ScopeRegistry, 'apiOf'>): void {
  const owner = registry.apiOf(scope);
  if (owner && owner.identifier !== identifier) {
    throw new Conflict(`Scope ${scope} already belongs to ${owner.name} (${owner.identifier})`, 'scopes');
  }
}
