import { InvalidGrant, InvalidScope } from '@sso/shared';
import type { AppContext } from '../../app-context.js';
import { requiredParam, stringParam } from '../../http/params.js';
import type { RefreshToken } from '../../tokens/refresh-token.js';
import { hashToken } from '../../tokens/opaque.js';
import { parseScope } from '../steps/check-scope.js';
import type { GrantHandler } from './grant.js';
import { createRefreshToken, issueUserTokens, resolveUserTarget } from './issue-tokens.js';

/** A rotated token presented again means it leaked: the whole family (grant) is revoked (RFC 9700 §4.14.2). */
async function refuseReuse(ctx: AppContext, token: RefreshToken, now: number): Promise<never> {
  await ctx.store.grants.revoke(token.grantId, now, 'refresh_token_reuse');
  ctx.metrics.refreshReuse.inc();
  await ctx.audit({ type: 'refresh_token_reuse', accountId: token.accountId, clientId: token.clientId });
  throw new InvalidGrant('The refresh token was already used; all tokens of this grant are revoked');
}

/**
 * RFC 6749 §6 with rotation: every use returns a new refresh token. Everything is checked before
 * the token is rotated, so a refused request (a wider scope, say) leaves it usable; rotation and
 * the new token are one transaction.
 */
export const refreshTokenGrant: GrantHandler = {
  grantType: 'refresh_token',
  async handler(ctx, req, client) {
    const body = req.body as Record<string, unknown>;
    const presented = requiredParam(body, 'refresh_token', { maxLength: 256 });
    const now = ctx.clock();
    // One read: the token, its grant, its account and the sign-in recorded for the grant.
    const found = await ctx.store.refreshTokens.findRedemption(hashToken(presented));
    if (!found || found.token.clientId !== client.clientId) throw new InvalidGrant('The refresh token is invalid');
    const { token, grant, account, authentication } = found;
    if (token.revokedAt !== null) throw new InvalidGrant('The refresh token has been revoked');
    if (token.rotatedAt !== null) return refuseReuse(ctx, token, now);
    if (token.expiresAt <= now) throw new InvalidGrant('The refresh token has expired');

    // RFC 6749 §6: a narrower scope may be asked for, never a wider one.
    const granted = token.scope.split(' ');
    const asked = parseScope(stringParam(body, 'scope'));
    const extra = asked.filter((s) => !granted.includes(s));
    if (extra.length > 0) throw new InvalidScope(`Scope was not granted: ${extra.join(' ')}`);
    const scope = asked.length > 0 ? asked.join(' ') : token.scope;

    if (!grant || grant.revokedAt !== null || grant.expiresAt <= now) throw new InvalidGrant('The grant is no longer valid');
    if (!account) throw new InvalidGrant('The account no longer exists');
    if (account.disabledAt !== null) throw new InvalidGrant('The account is disabled');

    // RFC 8707 §2.2: a refresh token can obtain a token for any API of its grant.
    const resolved = await resolveUserTarget(ctx, scope, stringParam(body, 'resource', { maxLength: 2048 }) ?? grant.resource);

    const args = { client, account, grant, scope };
    const response = await issueUserTokens(ctx, { ...args, resolved, authentication }, () =>
      ctx.store.transaction(async (tx) => {
        if (!(await tx.refreshTokens.rotate(token.tokenHash, now))) return { won: false };
        return { won: true, refreshToken: await createRefreshToken(ctx, tx, args) };
      }),
    );
    return response ?? refuseReuse(ctx, token, now);
  },
};
