import * as client from 'openid-client';
import { createAccount } from '../../src/accounts/create-account.js';
import { ADMIN_CONSOLE_CLIENT_ID, adminApiIdentifier, adminConsoleRedirectUri, adminConsoleSecret } from '../../src/admin/register-admin.js';
import { hashClientSecret } from '../../src/clients/client-secret.js';
import type { Account } from '../../src/accounts/account.js';
import { Browser, location, postForm } from '../helpers/browser.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';

export const ADMIN = { username: 'ada', password: 'admin-password-for-tests-1' };
export const USER = { username: 'bob', password: 'user-password-for-tests-22' };
export const SERVICE = { clientId: 'admin-service', secret: 'admin-service-secret-for-tests' };

/** The answer of the admin API; `T` is what the test expects the body to be (not checked here). */
export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface AdminFixture {
  ctx: TestContext;
  issuer: string;
  /** `${issuer}/admin/api` */
  api: string;
  admin: Account;
  user: Account;
  /** An admin's access token through the admin console's real sign-in (authorization_code + PKCE). */
  adminToken(scopes?: string[]): Promise<string>;
  /** A client_credentials token of the `admin-service` client (allowed admin:read and admin:write). */
  serviceToken(scopes?: string[]): Promise<string>;
  /** A token with admin scopes for a user without role admin: the flow grants it, the API refuses it. */
  userToken(scopes?: string[]): Promise<string>;
  /** Calls the admin API: `path` under /admin/api, `body` sent as JSON. */
  call<T = Record<string, unknown>>(method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<ApiAnswer<T>>;
  close(): Promise<void>;
}

const ALL = ['admin:read', 'admin:write'];

/** Follows the auth server's own redirects, signing in on the login page, until it sends the browser to `callback`. */
async function signIn(browser: Browser, issuer: string, url: URL, user: { username: string; password: string }, callback: string): Promise<URL> {
  let res = await browser.get(url.toString());
  for (let i = 0; i < 12; i++) {
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(location(res), res.url || issuer);
      if (next.toString().startsWith(callback)) return next;
      res = await browser.get(next.toString());
      continue;
    }
    const html = await res.text();
    if (res.status !== 200 || !html.includes('name="password"')) throw new Error(`sign-in stopped at ${res.status} ${res.url}`);
    const form = postForm(html, 'password');
    const target = form.action ? new URL(form.action, res.url).toString() : res.url;
    res = await browser.post(target, { ...form.fields, username: user.username, password: user.password });
  }
  throw new Error('sign-in did not come back to the callback');
}

/**
 * The auth server on an ephemeral port with an admin (`ada`, role admin), a user (`bob`, no role)
 * and a service client allowed the admin scopes. Logins are not rate-limited here: many tests sign in.
 */
export async function startAdminFixture(env: Record<string, string> = {}): Promise<AdminFixture> {
  const ctx = await createTestContext({ RATE_LIMIT_LOGIN_PER_MINUTE: '100000', RATE_LIMIT_AUTHORIZE_PER_MINUTE: '100000', ...env }, { listen: true });
  const issuer = ctx.url;
  const now = ctx.clock();
  const admin = await createAccount(ctx.store, now, { ...ADMIN, email: 'ada@example.com', name: 'Ada', roles: ['admin'] });
  const user = await createAccount(ctx.store, now, { ...USER, email: 'bob@example.com', name: 'Bob' });
  await ctx.store.clients.create(
    {
      clientId: SERVICE.clientId,
      name: 'Admin automation',
      secretHash: hashClientSecret(SERVICE.secret),
      redirectUris: [],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      grantTypes: ['client_credentials'],
      scopes: ALL,
      firstParty: true,
    },
    now,
  );
  const consoleClient = await client.discovery(
    new URL(issuer),
    ADMIN_CONSOLE_CLIENT_ID,
    adminConsoleSecret(ctx.config),
    client.ClientSecretBasic(adminConsoleSecret(ctx.config)),
    { execute: [client.allowInsecureRequests] },
  );
  const browsers = new Map<string, Browser>();

  async function codeFlowToken(who: { username: string; password: string }, scopes: string[]): Promise<string> {
    const browser = browsers.get(who.username) ?? new Browser(issuer);
    browsers.set(who.username, browser);
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const redirectUri = adminConsoleRedirectUri(issuer);
    // RFC 8707: name the admin API; without an admin scope there is nothing to name (a userinfo-only token).
    const resource = scopes.length > 0 ? { resource: adminApiIdentifier(issuer) } : undefined;
    const url = client.buildAuthorizationUrl(consoleClient, {
      redirect_uri: redirectUri,
      scope: ['openid', ...scopes].join(' '),
      ...resource,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    const callback = await signIn(browser, issuer, url, who, redirectUri);
    const tokens = await client.authorizationCodeGrant(consoleClient, callback, { pkceCodeVerifier: verifier, expectedState: state }, resource);
    return tokens.access_token;
  }

  return {
    ctx,
    issuer,
    api: adminApiIdentifier(issuer),
    admin,
    user,
    adminToken: (scopes = ALL) => codeFlowToken(ADMIN, scopes),
    userToken: (scopes = ALL) => codeFlowToken(USER, scopes),
    async serviceToken(scopes = ALL) {
      const res = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${SERVICE.clientId}:${SERVICE.secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: scopes.join(' ') }).toString(),
      });
      const body = (await res.json()) as { access_token?: string };
      if (!body.access_token) throw new Error(`no service token: ${res.status} ${JSON.stringify(body)}`);
      return body.access_token;
    },
    async call<T>(method: string, path: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiAnswer<T>> {
      const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(`${issuer}/admin/api${path}`, {
        method: method.toUpperCase(),
        headers,
        ...(opts.body !== undefined && { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: the test sees the text
      }
      return { status: res.status, headers: res.headers, body: body as T };
    },
    close: () => ctx.close(),
  };
}
