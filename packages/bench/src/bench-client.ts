import { createHash, randomBytes } from 'node:crypto';
import { BENCH } from './fixtures.js';

export const basic = (clientId: string, secret: string): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;

export const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

/** `name=value` of a Set-Cookie header, by cookie name. */
function cookie(res: Response, name: string): string {
  const found = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie from ${res.url} (${res.status})`);
  return found.split(';')[0]!;
}

export interface LoginForm {
  /** `sso_csrf=...`, to send as the Cookie header. */
  cookie: string;
  /** The `_csrf` field that goes with that cookie. */
  csrfToken: string;
}

/** GET /login as a browser would: the CSRF cookie and the form's token (valid for that cookie). */
export async function loginForm(issuer: string): Promise<LoginForm> {
  const res = await fetch(`${issuer}/login`);
  const html = await res.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (res.status !== 200 || !token) throw new Error(`GET /login answered ${res.status} without a CSRF token`);
  return { cookie: cookie(res, 'sso_csrf'), csrfToken: token };
}

export const loginBody = (csrfToken: string): string => form({ username: BENCH.user.username, password: BENCH.user.password, _csrf: csrfToken });

/** Signs the bench user in; returns the `sso_session=...` cookie. */
export async function signIn(issuer: string): Promise<string> {
  const page = await loginForm(issuer);
  const res = await fetch(`${issuer}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: page.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: loginBody(page.csrfToken),
  });
  if (res.status !== 303) throw new Error(`POST /login answered ${res.status}`);
  return cookie(res, 'sso_session');
}

/**
 * One authorization-code flow of the bench app for a signed-in browser, as the demo site does it: /authorize
 * with PKCE S256 (first-party client, so no consent page), then the code at /token. Returns the
 * refresh token.
 */
export async function codeFlow(issuer: string, session: string): Promise<string> {
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: BENCH.app.clientId,
    redirect_uri: BENCH.app.redirectUri,
    scope: 'openid profile offline_access notes:read',
    state: randomBytes(8).toString('base64url'),
    nonce: randomBytes(8).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const authorize = await fetch(`${issuer}/authorize?${query.toString()}`, { redirect: 'manual', headers: { cookie: session } });
  const code = new URL(authorize.headers.get('location') ?? '', issuer).searchParams.get('code');
  if (!code) throw new Error(`/authorize answered ${authorize.status} without a code: ${authorize.headers.get('location')}`);
  const token = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { authorization: basic(BENCH.app.clientId, BENCH.app.secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ grant_type: 'authorization_code', code, redirect_uri: BENCH.app.redirectUri, code_verifier: verifier }),
  });
  const body = (await token.json()) as { refresh_token?: string; error?: string };
  if (!body.refresh_token) throw new Error(`/token answered ${token.status}: ${body.error}`);
  return body.refresh_token;
}
