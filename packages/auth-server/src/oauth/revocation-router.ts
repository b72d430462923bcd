import type { Router } from 'express';
import type { AppContext } from '../app-context.js';
import { requiredParam, stringParam } from '../http/params.js';
import { rateLimit } from '../security/rate-limit.js';
import { CLOCK_TOLERANCE_SEC, longestAccessTokenLifetimeSec } from '../tokens/token-lifetime.js';
import { authenticateClient } from './steps/authenticate-client.js';
import { identifyToken } from './steps/identify-token.js';
import { noStore, requireForm } from './steps/token-request.js';

/**
 * RFC 7009. Revoking a refresh token revokes its whole grant, access tokens included (§2.1).
 * Unknown tokens, and tokens of other clients, get the same 200 (§2.2), so the endpoint cannot be
 * used to probe for valid tokens. Only tokens that verify as ours are recorded, and the endpoint
 * is rate-limited per IP like /token, so it cannot be used to fill the store.
 */
export function revocationRoutes(router: Router, ctx: AppContext): void {
  router.post('/revoke', noStore, rateLimit(ctx, 'revoke', ctx.config.rateLimit.tokenPerMinute), requireForm, async (req, res) => {
    const client = await authenticateClient(ctx, req, res, { allowPublic: true });
    const body = req.body as Record<string, unknown>;
    const token = requiredParam(body, 'token', { maxLength: 8192 });
    const found = await identifyToken(ctx, token, stringParam(body, 'token_type_hint'));
    const now = ctx.clock();
    if (found.kind === 'refresh_token' && found.record.clientId === client.clientId) {
      await ctx.store.grants.revoke(found.record.grantId, now, 'revoked_by_client');
      await ctx.audit({ type: 'token_revoked', clientId: client.clientId, accountId: found.record.accountId, detail: { kind: 'refresh_token' } });
    } else if (found.kind === 'access_token' && found.payload.client_id === client.clientId && typeof found.payload.jti === 'string') {
      // Only a token that verified as ours gets here; its entry lives no longer than any token can.
      const cap = now + (longestAccessTokenLifetimeSec(ctx.config) + CLOCK_TOLERANCE_SEC) * 1000;
      const exp = typeof found.payload.exp === 'number' ? Math.min(found.payload.exp * 1000, cap) : cap;
      await ctx.store.revokedTokens.add(found.payload.jti, null, exp, now);
      await ctx.audit({ type: 'token_revoked', clientId: client.clientId, detail: { kind: 'access_token' } });
    }
    res.status(200).end();
  });
}
