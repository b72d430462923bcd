import { InvalidRequest, InvalidScope } from '@sso/shared';
import { loadRegistry } from '../../apis/registry.js';
import type { AuthorizationStep } from '../authorize/authorization-request.js';

export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/; // RFC 6749 §3.3 scope-token

export function parseScope(scope: string | undefined): string[] {
  if (!scope) return [];
  const scopes = scope.split(' ').filter(Boolean);
  if (!scopes.every((s) => SCOPE_TOKEN.test(s))) throw new InvalidScope('scope contains invalid characters');
  return [...new Set(scopes)];
}

/** Every requested scope must be known to the server and allowed for the client (RFC 6749 §3.3). */
export const checkScope: AuthorizationStep = async (request, ctx) => {
  const scopes = parseScope(request.params.scope);
  if (scopes.length === 0) throw new InvalidRequest('scope is required');
  const registry = await loadRegistry(ctx.store, ctx.config);
  const allowed = new Set(request.client?.scopes ?? []);
  const refused = scopes.filter((s) => !allowed.has(s) || !registry.known(s));
  if (refused.length > 0) throw new InvalidScope(`Scope not allowed for this client: ${refused.join(' ')}`);
  request.scopes = scopes;
  request.registry = registry;
};
