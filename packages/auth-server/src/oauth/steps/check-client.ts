import { InvalidRequest } from '@sso/shared';
import type { AuthorizationStep } from '../authorize/authorization-request.js';

/** An unknown client gets an error page, never a redirect (RFC 6749 §4.1.2.1). */
export const checkClient: AuthorizationStep = async (request, ctx) => {
  const clientId = request.params.client_id;
  if (!clientId) throw new InvalidRequest('client_id is required');
  const client = await ctx.store.clients.findById(clientId);
  if (!client) throw new InvalidRequest('Unknown client');
  request.client = client;
};
