import { Router, type Request, type Response } from 'express';
import { InsufficientScope, InvalidToken, type OAuthError } from '@sso/shared';
import type { AppContext } from '../app-context.js';
import { toOAuthError } from '../http/error-handler.js';
import { scopedClaims } from '../tokens/id-token.js';
import { bearerToken } from './steps/bearer-token.js';
import { checkAccessToken } from './steps/check-access-token.js';

/** OpenID Connect Core §5.3; errors per RFC 6750 §3 in WWW-Authenticate. */
export function userinfoRouter(ctx: AppContext): Router {
  const router = Router();
  const userinfo = async (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store');
    try {
      const payload = await checkAccessToken(ctx, bearerToken(req));
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      if (!scopes.includes('openid')) throw new InsufficientScope('The openid scope is required');
      const account = typeof payload.sub === 'string' ? await ctx.store.accounts.findById(payload.sub) : undefined;
      if (!account) throw new InvalidToken('The token does not belong to a user');
      res.json({ sub: account.id, ...scopedClaims(account, scopes), roles: account.roles });
    } catch (err) {
      const error = toOAuthError(err, req.log, req);
      res.set('WWW-Authenticate', challenge(error, req));
      res.status(error.status).json(error.toJSON());
    }
  };
  router.get('/userinfo', userinfo);
  router.post('/userinfo', userinfo);
  return router;
}

function challenge(error: OAuthError, req: Request): string {
  const sentToken = req.get('authorization') !== undefined || (req.body as Record<string, unknown> | undefined)?.access_token !== undefined;
  if (error.error === 'invalid_token' && !sentToken) return 'Bearer realm="userinfo"';
  const scope = error.error === 'insufficient_scope' ? ', scope="openid"' : '';
  return `Bearer realm="userinfo", error="${error.error}", error_description="${error.description.replace(/"/g, "'")}"${scope}`;
}
