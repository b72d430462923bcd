import type { Request, Response, Router } from 'express';
import { bearerChallenge, extractBearerToken, InsufficientScope, InvalidToken, type OAuthError } from '@sso/shared';
import type { AppContext } from '../app-context.js';
import { toOAuthError } from '../http/error-handler.js';
import { scopedClaims } from '../tokens/id-token.js';
import { checkAccessToken } from './steps/check-access-token.js';

/** OpenID Connect Core §5.3; errors per RFC 6750 §3 in WWW-Authenticate. */
export function userinfoRoutes(router: Router, ctx: AppContext): void {
  const userinfo = async (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store');
    try {
      const payload = await checkAccessToken(ctx, accessToken(req));
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      if (!scopes.includes('openid')) throw new InsufficientScope('The openid scope is required');
      const account = typeof payload.sub === 'string' ? await ctx.store.accounts.findById(payload.sub) : undefined;
      if (!account) throw new InvalidToken('The token does not belong to a user');
      // Access tokens are self-contained JWTs that live on after a disable; userinfo at least refuses.
      if (account.disabledAt !== null) throw new InvalidToken('The account is disabled');
      res.json({ sub: account.id, ...scopedClaims(account, scopes), roles: account.roles });
    } catch (err) {
      const error = toOAuthError(err, req.log, req);
      res.set('WWW-Authenticate', challenge(error, req));
      res.status(error.status).json(error.toJSON());
    }
  };
  router.get('/userinfo', userinfo);
  router.post('/userinfo', userinfo);
}

/** The header or, on a form POST, the body (OpenID Connect Core §5.3.1, RFC 6750 §2.1-2.2). */
function accessToken(req: Request): string {
  const extracted = extractBearerToken(req, { formBody: true });
  if (extracted.kind === 'refused') throw extracted.error;
  if (extracted.kind === 'none') throw new InvalidToken('No access token was sent');
  return extracted.token;
}

function challenge(error: OAuthError, req: Request): string {
  const sentToken = req.get('authorization') !== undefined || (req.body as Record<string, unknown> | undefined)?.access_token !== undefined;
  // RFC 6750 §3.1: a request without any token gets no error code.
  const anonymous = error.error === 'invalid_token' && !sentToken;
  return bearerChallenge('userinfo', {
    error: anonymous ? undefined : error.error,
    description: error.description,
    scope: error.error === 'insufficient_scope' ? 'openid' : undefined,
  });
}
