import { loadRegistry } from '../../apis/registry.js';
import { resolveTarget } from '../../apis/resolve-target.js';
import type { AuthorizationStep } from '../authorize/authorization-request.js';

/**
 * RFC 8707 §2: `resource` must be a registered API some requested scope belongs to; without it the
 * requested API scopes must name a single API. Refused here, before the user signs in, not later
 * at the token endpoint with a code already spent.
 */
export const checkResource: AuthorizationStep = async (request, ctx) => {
  const registry = request.registry ?? (await loadRegistry(ctx.store, ctx.config));
  resolveTarget(registry, request.scopes, request.params.resource);
  request.resource = request.params.resource;
};
