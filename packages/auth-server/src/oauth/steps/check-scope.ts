import { InvalidRequest, InvalidScope } from '@sso/shared';
import type { AuthorizationStep } from '../authorize/authorization-request.js';

export const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/; // RFC 6749 §3.3 scope-token

export function parseScope(scope: string | undefined): string[] {
  if (!scope) return [];
  const scopes = scope.split(' ').filter(Boolean);
  if (!scopes.every((s) => SCOPE_TOKEN.test(s))) throw new InvalidScope('scope contains invalid characters');
  return [...new Set(scopes)];
}

/** Every requested scope must be allowed for the client (RFC 6749 §3.3). */
export const checkScope: AuthorizationStep = (request) => {
  const scopes = parseScope(request.params.scope);
  if (scopes.length === 0) throw new InvalidRequest('scope is required');
  const allowed = new Set(request.client?.scopes ?? []);
  const refused = scopes.filter((s) => !allowed.has(s));
  if (refused.length > 0) throw new InvalidScope(`Scope not allowed for this client: ${refused.join(' ')}`);
  request.scopes = scopes;
};
