import type { Request } from 'express';
import { extractBearerToken, InsufficientScope, InvalidRequest, InvalidToken, OAuthError } from '@sso/shared';
import type { AppContext } from '../../app-context.js';
import { checkAccessToken } from '../../oauth/steps/check-access-token.js';
import { grantIdFromJti } from '../../tokens/access-token.js';
import type { Caller } from '../service-context.js';
import { mayAdminister } from '../may-administer.js';
import { adminApiIdentifier } from '../register-admin.js';
import type { AdminScope } from './admin-route.js';

/** 403 for a signed-in user who is not (or no longer) an administrator. Not an RFC 6750 code. */
export class Forbidden extends OAuthError {
  constructor(description: string) {
    super('forbidden', description, 403);
  }
}

/** 403 insufficient_scope naming the scope the operation needs (RFC 6750 §3.1, the `scope` attribute). */
export class MissingScope extends InsufficientScope {
  constructor(readonly scope: AdminScope) {
    super(`This operation needs the ${scope} scope`);
  }
}

/** 400 invalid_request about the token's transport (RFC 6750 §3.1): answered with a Bearer challenge, unlike a bad body. */
export class MalformedBearer extends InvalidRequest {}

const scopesOf = (scope: unknown): string[] => (typeof scope === 'string' ? scope.split(' ').filter(Boolean) : []);

/**
 * Who calls the admin API, checked live on every request:
 * - the token's client still exists, and only scopes it may still ask for count;
 * - a user's token (it has a grant): the account exists and has role `admin` now;
 * - a client_credentials token (no grant, `sub` = `client_id`): the client may still use that grant.
 * The token itself: ours, an access token (RFC 9068), unexpired, unrevoked, for the admin API (`aud`).
 */
export async function authenticateAdmin(ctx: AppContext, req: Request, scope: AdminScope): Promise<Caller> {
  const extracted = extractBearerToken(req);
  if (extracted.kind === 'refused') throw new MalformedBearer(extracted.error.description);
  if (extracted.kind === 'none') throw new InvalidToken('An access token for the admin API is required');
  const payload = await checkAccessToken(ctx, extracted.token);
  const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audience.includes(adminApiIdentifier(ctx.config.issuer))) throw new InvalidToken('The token is not for the admin API');
  const sub = typeof payload.sub === 'string' ? payload.sub : '';
  const clientId = typeof payload.client_id === 'string' ? payload.client_id : '';
  const client = clientId ? await ctx.store.clients.findById(clientId) : undefined;
  if (!client) throw new InvalidToken('The client of this token is no longer registered');
  // Only scopes the client may still ask for count: an operator's change applies to tokens already out.
  const scopes = scopesOf(payload.scope).filter((s) => client.scopes.includes(s));
  let caller: Caller;

  if (grantIdFromJti(payload.jti)) {
    const account = sub ? await ctx.store.accounts.findById(sub) : undefined;
    if (!account) throw new InvalidToken('The token does not belong to a user any more');
    if (!mayAdminister(account)) throw new Forbidden('Only administrators may use the admin API');
    caller = { actor: { kind: 'admin', accountId: account.id, username: account.username, via: 'api' }, ip: req.ip };
  } else {
    if (sub !== clientId || !client.grantTypes.includes('client_credentials')) throw new InvalidToken('The client of this token is no longer registered for it');
    caller = { actor: { kind: 'service', clientId }, ip: req.ip };
  }
  // admin:write does not imply admin:read: each operation names the one scope it needs.
  if (!scopes.includes(scope)) throw new MissingScope(scope);
  return caller;
}
