import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { jwtVerify } from 'jose';
import type { AppContext } from '../../app-context.js';
import { ACR_MULTI_FACTOR } from '../../factors/factor.js';
import { authorizationCodeGrant } from '../../oauth/grants/authorization-code.js';
import { ADMIN_CONSOLE_CLIENT_ID as CONSOLE_CLIENT_ID, adminApiIdentifier, adminConsoleRedirectUri as consoleRedirectUri } from '../register-admin.js';
import { ConsoleDenied } from './console-errors.js';
import { sealedCookie } from './sealed-cookie.js';

/** What the browser carries between /authorize and /admin/callback. */
interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  expiresAt: number;
}

const PENDING_MS = 10 * 60_000;
/** Everything the console does, asked for at sign-in. */
const CONSOLE_SCOPE = 'openid profile admin:read admin:write';
const random = () => randomBytes(32).toString('base64url');

/** Only console paths come back from the cookie: never an open redirect. */
export const safeReturnTo = (path: string): string => (/^\/admin(\/[A-Za-z0-9/_\-.?=&%]*)?$/.test(path) && !path.startsWith('/admin//') ? path : '/admin');

/**
 * The console signs in through this server as an OpenID Connect client (`admin-console`): code
 * flow with PKCE S256 (RFC 7636), state and nonce, asking for the multi-factor acr (OIDC Core
 * §3.1.2.1 acr_values), which makes an admin with a second factor enrolled step up. The pending
 * state, nonce and verifier ride in a short-lived sealed cookie, so any instance can finish it.
 */
export function consoleSignIn(ctx: AppContext) {
  const { config, clock } = ctx;
  const pending = sealedCookie<PendingSignIn>(config.cookieSecret, {
    name: 'sso_admin_signin',
    label: 'admin-console-sign-in',
    path: '/admin',
    secure: config.secureCookies,
    maxAgeMs: PENDING_MS,
  });

  return {
    async start(req: Request, res: Response): Promise<void> {
      const p: PendingSignIn = { state: random(), nonce: random(), verifier: random(), returnTo: safeReturnTo(req.originalUrl), expiresAt: clock() + PENDING_MS };
      await pending.write(res, p);
      const url = new URL(`${config.issuer}/authorize`);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: CONSOLE_CLIENT_ID,
        redirect_uri: consoleRedirectUri(config.issuer),
        scope: CONSOLE_SCOPE,
        state: p.state,
        nonce: p.nonce,
        code_challenge: createHash('sha256').update(p.verifier).digest('base64url'),
        code_challenge_method: 'S256',
        acr_values: ACR_MULTI_FACTOR,
        // RFC 8707 §2: the access token's audience is the admin API (its scopes would imply it anyway).
        resource: adminApiIdentifier(config.issuer),
      }).toString();
      res.set('Cache-Control', 'no-store').redirect(303, url.toString());
    },

    /** RFC 6749 §4.1.2 response at the redirect URI → the signed-in account, or a ConsoleDenied. */
    async finish(req: Request, res: Response): Promise<{ accountId: string; acr: string; idToken: string; returnTo: string }> {
      const p = await pending.read(req);
      pending.clear(res);
      const q = req.query as Record<string, unknown>;
      if (!p || p.expiresAt < clock()) throw new ConsoleDenied(400, 'The sign-in took too long or was started in another browser. Start again.');
      if (typeof q.state !== 'string' || q.state !== p.state) throw new ConsoleDenied(400, 'The sign-in response does not belong to this browser (state mismatch). Start again.');
      // RFC 9207 §2.4: a response naming another issuer is a mix-up.
      if (q.iss !== undefined && q.iss !== config.issuer) throw new ConsoleDenied(400, 'The sign-in response came from another issuer.');
      if (typeof q.error === 'string') {
        throw new ConsoleDenied(q.error === 'access_denied' ? 403 : 400, `Sign-in was refused: ${q.error}.`);
      }
      if (typeof q.code !== 'string' || q.code.length > 256) throw new ConsoleDenied(400, 'The sign-in response has no code. Start again.');

      const tokens = await redeem(ctx, q.code, p.verifier);
      if (!tokens.id_token) throw new ConsoleDenied(400, 'The sign-in returned no ID token.');
      const claims = await verifyIdToken(ctx, tokens.id_token, p.nonce);
      return { accountId: claims.sub, acr: claims.acr, idToken: tokens.id_token, returnTo: p.returnTo };
    },
  };
}

/**
 * The code is redeemed in-process, through the token endpoint's own grant handler, not over HTTP:
 * behind a load balancer the public issuer URL may not be reachable from the instance itself
 * (hairpin NAT, TLS at the proxy, split DNS), while the code lives in the shared store, so any
 * instance can redeem it. The same checks run (client, redirect_uri, PKCE, expiry, replay →
 * revocation, live SSO session); only client authentication is moot for our own client.
 */
async function redeem(ctx: AppContext, code: string, verifier: string) {
  const client = await ctx.store.clients.findById(CONSOLE_CLIENT_ID);
  if (!client) throw new ConsoleDenied(400, 'The admin console client is not registered on this server.');
  const body = { grant_type: 'authorization_code', code, redirect_uri: consoleRedirectUri(ctx.config.issuer), code_verifier: verifier };
  // The grant handler reads only the form body of the request.
  const tokens = await authorizationCodeGrant.handler(ctx, { body } as unknown as Request, client);
  ctx.metrics.tokensIssued.inc({ grant_type: 'authorization_code' });
  return tokens;
}

/** OIDC Core §3.1.3.7: our signature, iss, aud, expiry, and the nonce of this browser's request. */
async function verifyIdToken(ctx: AppContext, idToken: string, nonce: string): Promise<{ sub: string; acr: string }> {
  try {
    const { payload } = await jwtVerify(
      idToken,
      async (header) => {
        const key = header.kid ? await ctx.keys.publicKey(header.kid) : undefined;
        if (!key) throw new Error('unknown kid');
        return key;
      },
      { issuer: ctx.config.issuer, audience: CONSOLE_CLIENT_ID, algorithms: ['RS256'], currentDate: new Date(ctx.clock()) },
    );
    if (payload.nonce !== nonce) throw new Error('nonce mismatch');
    if (typeof payload.sub !== 'string') throw new Error('no sub');
    return { sub: payload.sub, acr: typeof payload.acr === 'string' ? payload.acr : '' };
  } catch {
    throw new ConsoleDenied(400, 'The ID token of the sign-in did not verify. Start again.');
  }
}
