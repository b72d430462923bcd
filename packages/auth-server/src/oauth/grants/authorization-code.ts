import { InvalidGrant } from '@sso/shared';
import type { AppContext } from '../../app-context.js';
import { requiredParam, stringParam } from '../../http/params.js';
import type { AuthorizationCode } from '../../tokens/authorization-code.js';
import { hashToken } from '../../tokens/opaque.js';
import { checkCodeSession } from '../steps/check-code-session.js';
import { verifyPkce } from '../steps/verify-pkce.js';
import type { GrantHandler } from './grant.js';
import { createRefreshToken, issueUserTokens, resolveUserTarget } from './issue-tokens.js';

/** RFC 6749 §4.1.2 / RFC 9700 §4.2.4: a replayed code revokes what it was exchanged for. */
async function refuseReplay(ctx: AppContext, stored: AuthorizationCode, now: number): Promise<never> {
  await ctx.store.grants.revoke(stored.grantId, now, 'code_replay');
  await ctx.audit({ type: 'code_replay', accountId: stored.accountId, clientId: stored.clientId });
  throw new InvalidGrant('The authorization code has already been used');
}

/**
 * RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.5). Every check runs before the code is consumed, so a
 * request with a wrong verifier, redirect_uri or client cannot burn it. Consuming the code,
 * creating the grant and storing the refresh token are one transaction: a replay racing this
 * redemption waits on the code row, and then finds the grant it must revoke.
 */
export const authorizationCodeGrant: GrantHandler = {
  grantType: 'authorization_code',
  async handler(ctx, req, client) {
    const body = req.body as Record<string, unknown>;
    const code = requiredParam(body, 'code', { maxLength: 256 });
    const redirectUri = stringParam(body, 'redirect_uri');
    const verifier = stringParam(body, 'code_verifier', { maxLength: 256 });
    const resource = stringParam(body, 'resource', { maxLength: 2048 });
    const now = ctx.clock();

    const stored = await ctx.store.codes.find(hashToken(code));
    if (!stored || stored.clientId !== client.clientId) throw new InvalidGrant('The authorization code is invalid');
    if (stored.consumedAt !== null) return refuseReplay(ctx, stored, now);
    if (stored.expiresAt <= now) throw new InvalidGrant('The authorization code has expired');
    if (redirectUri !== stored.redirectUri) throw new InvalidGrant('redirect_uri does not match the authorization request');
    verifyPkce(verifier, stored.codeChallenge);
    await checkCodeSession(ctx, stored.sid, now);
    const account = await ctx.store.accounts.findById(stored.accountId);
    if (!account) throw new InvalidGrant('The account no longer exists');
    if (account.disabledAt !== null) throw new InvalidGrant('The account is disabled');
    // RFC 8707 §2.2: `resource` here picks one of the granted APIs; default: the one named at /authorize.
    const resolved = await resolveUserTarget(ctx, stored.scope, resource ?? stored.resource);

    const grant = {
      id: stored.grantId,
      clientId: client.clientId,
      accountId: account.id,
      sid: stored.sid,
      scope: stored.scope,
      authTime: stored.authTime,
      createdAt: now,
      expiresAt: now + ctx.config.ttl.refreshTokenAbsolute * 1000,
      revokedAt: null,
      revokedReason: null,
      resource: stored.resource ?? null,
    };
    const args = { client, account, grant, scope: stored.scope };
    // Recorded with the code at /authorize (issue-code.ts).
    const authentication = await ctx.store.grantAuthentications.find(grant.id);
    const response = await issueUserTokens(ctx, { ...args, nonce: stored.nonce, resolved, authentication }, () =>
      ctx.store.transaction(async (tx) => {
        if (!(await tx.codes.consume(stored.codeHash, now))) return { won: false };
        await tx.grants.create(grant);
        return { won: true, refreshToken: await createRefreshToken(ctx, tx, args) };
      }),
    );
    return response ?? refuseReplay(ctx, stored, now);
  },
};
