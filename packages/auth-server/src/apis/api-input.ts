import { BlockList } from 'node:net';
import { UsageError } from '../cli/cli-context.js';
import { checkClientUri, type UriPolicy } from '../cli/client-input.js';
import { SCOPE_TOKEN } from '../oauth/steps/check-scope.js';
import type { Api, ApiScope } from '../store/types.js';
import { isOidcScope, type ScopeRegistry } from './registry.js';

export const MIN_TOKEN_TTL = 60;
export const MAX_TOKEN_TTL = 86_400;

/** `name=description`, as given to `--scope`. */
export function parseScopeSpec(spec: string): ApiScope {
  const eq = spec.indexOf('=');
  const name = (eq < 0 ? spec : spec.slice(0, eq)).trim();
  const description = eq < 0 ? '' : spec.slice(eq + 1).trim();
  if (!description) throw new UsageError(`--scope needs a description shown on consent pages: --scope '${name}=Read your ${name}'`);
  return { name, description };
}

export function parseTokenTtl(value: string): number {
  const ttl = Number(value);
  if (!Number.isInteger(ttl) || ttl < MIN_TOKEN_TTL || ttl > MAX_TOKEN_TTL) {
    throw new UsageError(`--token-ttl must be whole seconds from ${MIN_TOKEN_TTL} to ${MAX_TOKEN_TTL}`);
  }
  return ttl;
}

const AUDIENCE_ONLY: UriPolicy = { production: false, allowed: new BlockList() };

export type ApiShape = Pick<Api, 'identifier' | 'name' | 'scopes' | 'accessTokenTtl' | 'includeRoles'>;

/**
 * The rules every registered API satisfies, on create and after every update: the identifier is an
 * absolute https URI without fragment (RFC 8707 §2; http only on loopback), scope names are RFC 6749
 * §3.3 scope-tokens that no OpenID Connect scope and no other API uses.
 */
export function checkApiShape(a: ApiShape, registry: Pick<ScopeRegistry, 'apiOf'>): ApiShape {
  const name = a.name.trim();
  if (!name || name.length > 100) throw new UsageError('--name must be 1 to 100 characters');
  // An identifier names the audience; nothing is ever sent to it, so no address rule applies.
  const identifier = checkClientUri(a.identifier, '--identifier', AUDIENCE_ONLY);
  if (identifier.length > 2048) throw new UsageError('--identifier is too long');
  if (a.scopes.length === 0) throw new UsageError("At least one --scope 'name=description' is required");
  const seen = new Set<string>();
  for (const s of a.scopes) {
    if (!SCOPE_TOKEN.test(s.name) || s.name.length > 64) throw new UsageError(`Scope ${s.name} must be 1 to 64 characters without spaces, quotes or backslashes`);
    if (isOidcScope(s.name)) throw new UsageError(`${s.name} is an OpenID Connect scope; an API cannot define it`);
    if (seen.has(s.name)) throw new UsageError(`Scope ${s.name} is listed twice`);
    seen.add(s.name);
    const owner = registry.apiOf(s.name);
    if (owner && owner.identifier !== identifier) throw new UsageError(`Scope ${s.name} already belongs to ${owner.name} (${owner.identifier})`);
    if (s.description.length > 200) throw new UsageError(`The description of ${s.name} is longer than 200 characters`);
  }
  if (a.accessTokenTtl !== null) parseTokenTtl(String(a.accessTokenTtl));
  return { ...a, name, identifier };
}
