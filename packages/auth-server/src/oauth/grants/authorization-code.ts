import { InvalidGrant } from '@sso/shared';
import { loadRegistry } from '../../apis/registry.js';
import { resolveTarget } from '../../apis/resolve-target.js';
import { requiredParam, stringParam } from '../../http/params.js';
import { hashToken } from '../../tokens/opaque.js';
import { verifyPkce } from '../steps/verify-pkce.js';
import type { GrantHandler } from './grant.js';
import { issueUserTokens } from './issue-tokens.js';

/** RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.5). */
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
    // A refused resource leaves the code unspent: the client can retry without it.
    if (resource) resolveTarget(await loadRegistry(ctx.store, ctx.config), stored.scope.split(' '), resource);
    if (!(await ctx.store.codes.consume(stored.codeHash, now))) {
      // RFC 6749 §4.1.2 / RFC 9700 §4.2.4: a replayed code revokes what it was exchanged for.
      await ctx.store.grants.revoke(stored.grantId, now, 'code_replay');
      await ctx.audit({ type: 'code_replay', accountId: stored.accountId, clientId: client.clientId });
      throw new InvalidGrant('The authorization code has already been used');
    }
    if (stored.expiresAt <= now) throw new InvalidGrant('The authorization code has expired');
    if (redirectUri !== stored.redirectUri) throw new InvalidGrant('redirect_uri does not match the authorization request');
    verifyPkce(verifier, stored.codeChallenge);

    const account = await ctx.store.accounts.findById(stored.accountId);
    if (!account) throw new InvalidGrant('The account no longer exists');
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
    await ctx.store.grants.create(grant);
    // RFC 8707 §2.2: `resource` here picks one of the granted APIs; default: the one named at /authorize.
    return issueUserTokens(ctx, { client, account, grant, scope: stored.scope, nonce: stored.nonce, resource });
  },
};
