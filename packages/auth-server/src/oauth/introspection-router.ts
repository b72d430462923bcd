import type { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { requiredParam, stringParam } from '../http/params.js';
import { rateLimit } from '../security/rate-limit.js';
import { authenticateIntrospector } from './steps/authenticate-introspector.js';
import { identifyToken } from './steps/identify-token.js';
import { audiencesOf, mayIntrospect } from './steps/may-introspect.js';
import { noStore, requireForm } from './steps/token-request.js';

/**
 * RFC 7662 for confidential clients and APIs with their own credentials. Anything not currently
 * valid, or not the caller's to know about (steps/may-introspect.ts), is just `{active: false}` (§2.2).
 */
export function introspectionRoutes(router: Router, ctx: AppContext): void {
  // Per IP, like /token: each call may verify a client secret and a signature.
  router.post('/introspect', noStore, rateLimit(ctx, 'introspect', ctx.config.rateLimit.tokenPerMinute), requireForm, async (req, res) => {
    const caller = await authenticateIntrospector(ctx, req, res);
    const body = req.body as Record<string, unknown>;
    const token = requiredParam(body, 'token', { maxLength: 8192 });
    const found = await identifyToken(ctx, token, stringParam(body, 'token_type_hint'));
    const now = ctx.clock();

    // A token the caller is no party to is reported exactly like an unknown one (RFC 7662 §2.2, §4).
    const party = (clientId: unknown, audiences: string[]) => mayIntrospect(caller, { clientId: String(clientId), audiences });
    if (found.kind === 'access_token' && found.active && party(found.payload.client_id, audiencesOf(found.payload.aud)) && !(await accountDisabled(ctx, found.payload))) {
      const p = found.payload;
      res.json({
        active: true,
        token_type: 'Bearer',
        scope: p.scope,
        client_id: p.client_id,
        sub: p.sub,
        aud: p.aud,
        iss: p.iss,
        exp: p.exp,
        iat: p.iat,
        jti: p.jti,
      });
      return;
    }
    if (found.kind === 'refresh_token') {
      const r = found.record;
      const grant = await ctx.store.grants.find(r.grantId);
      const live = r.revokedAt === null && r.rotatedAt === null && r.expiresAt > now && grant?.revokedAt === null && party(r.clientId, []) && !(await accountDisabled(ctx, { sub: r.accountId }));
      if (live) {
        res.json({
          active: true,
          token_type: 'refresh_token',
          scope: r.scope,
          client_id: r.clientId,
          sub: r.accountId,
          iss: ctx.config.issuer,
          exp: Math.floor(r.expiresAt / 1000),
          iat: Math.floor(r.createdAt / 1000),
        });
        return;
      }
    }
    res.json({ active: false });
  });
}

/**
 * A disabled account's tokens are no longer active (RFC 7662 §2.2: "no longer valid"), as /userinfo and
 * /token refuse them: access tokens are self-contained JWTs that outlive the disable. A client's own
 * token (client credentials: sub = client_id) has no account.
 */
async function accountDisabled(ctx: AppContext, p: { sub?: unknown; client_id?: unknown }): Promise<boolean> {
  if (typeof p.sub !== 'string' || p.sub === p.client_id) return false;
  const account = await ctx.store.accounts.findById(p.sub);
  return account?.disabledAt != null;
}
