import * as client from 'openid-client';
import { createAccount } from '../../src/accounts/create-account.js';
import { hashClientSecret } from '../../src/clients/client-secret.js';
import { registerNotesApi } from '../../src/cli/seed.js';
import type { Account } from '../../src/accounts/account.js';
import type { NewClient } from '../../src/clients/client.js';
import { location, postForm, type Browser } from '../helpers/browser.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';

export const USER = { username: 'alice', password: 'correct-horse-staple-9' };
export const SECRET = 'web-app-secret-for-tests';
export const SERVICE_SECRET = 'service-secret-for-tests';

export interface OidcFixture {
  ctx: TestContext;
  issuer: string;
  account: Account;
  /** A first-party confidential web app with refresh tokens and back-channel logout. */
  web: client.Configuration;
  webClient: NewClient;
  close(): Promise<void>;
}

export const clientDefaults = (over: Partial<NewClient> & { clientId: string }): NewClient => ({
  name: over.clientId,
  secretHash: hashClientSecret(SECRET),
  redirectUris: ['https://rp.example/callback'],
  postLogoutRedirectUris: ['https://rp.example/'],
  backchannelLogoutUri: null,
  grantTypes: ['authorization_code', 'refresh_token'],
  scopes: ['openid', 'profile', 'email', 'offline_access', 'notes:read', 'notes:write'],
  firstParty: true,
  ...over,
});

/** The real auth server on an ephemeral port with one user and a few clients registered. */
export async function startOidcFixture(env: Record<string, string> = {}, opts: { fetch?: typeof fetch } = {}): Promise<OidcFixture> {
  const ctx = await createTestContext(env, { listen: true, ...opts });
  const now = ctx.clock();
  await registerNotesApi(ctx.store, ctx.config, now);
  const webClient = clientDefaults({ clientId: 'web-app', name: 'Web App' });
  await ctx.store.clients.create(webClient, now);
  await ctx.store.clients.create(clientDefaults({ clientId: 'other-app', name: 'Other App', redirectUris: ['https://other.example/cb'] }), now);
  await ctx.store.clients.create(clientDefaults({ clientId: 'third-party', name: 'Third Party', firstParty: false, redirectUris: ['https://tp.example/cb'] }), now);
  await ctx.store.clients.create(
    clientDefaults({ clientId: 'spa', name: 'Public SPA', secretHash: null, redirectUris: ['https://spa.example/cb'] }),
    now,
  );
  await ctx.store.clients.create(
    clientDefaults({
      clientId: 'service',
      secretHash: hashClientSecret(SERVICE_SECRET),
      redirectUris: [],
      grantTypes: ['client_credentials'],
      scopes: ['notes:read'],
    }),
    now,
  );
  const account = await createAccount(ctx.store, now, { ...USER, email: 'alice@example.com', name: 'Alice' });
  const web = await discover(ctx.url, 'web-app', SECRET);
  return { ctx, issuer: ctx.url, account, web, webClient, close: () => ctx.close() };
}

export function discover(issuer: string, clientId: string, secret?: string): Promise<client.Configuration> {
  const auth = secret ? client.ClientSecretBasic(secret) : client.None();
  return client.discovery(new URL(issuer), clientId, secret, auth, { execute: [client.allowInsecureRequests] });
}

export interface AuthRequest {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

export async function authorizationRequest(
  config: client.Configuration,
  params: Record<string, string> = {},
  redirectUri = 'https://rp.example/callback',
): Promise<AuthRequest> {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access notes:read',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  return { url, verifier, state, nonce };
}

/** Follows same-origin redirects until the browser is sent elsewhere or shown a page. */
export async function follow(browser: Browser, res: Response, issuer: string): Promise<Response> {
  let current = res;
  for (let i = 0; i < 10 && current.status >= 300 && current.status < 400; i++) {
    const next = new URL(location(current), issuer);
    if (next.origin !== new URL(issuer).origin) return current;
    current = await browser.get(next.toString());
  }
  return current;
}

/** Drives the login form for an authorization request; returns the redirect back to the client. */
export async function signInThrough(browser: Browser, issuer: string, authorizeUrl: URL, user = USER): Promise<URL> {
  const loginPage = await follow(browser, await browser.get(authorizeUrl.toString()), issuer);
  if (loginPage.status >= 300 && loginPage.status < 400) return new URL(location(loginPage));
  const form = postForm(await loginPage.text(), 'password');
  const page = new URL(loginPage.url);
  const target = form.action ? new URL(form.action, page).toString() : page.toString();
  const res = await browser.post(target, { ...form.fields, username: user.username, password: user.password });
  const back = await follow(browser, res, issuer);
  return new URL(location(back));
}

export async function codeFlow(f: OidcFixture, browser: Browser, params: Record<string, string> = {}) {
  const req = await authorizationRequest(f.web, params);
  const callback = await signInThrough(browser, f.issuer, req.url);
  const tokens = await client.authorizationCodeGrant(f.web, callback, {
    pkceCodeVerifier: req.verifier,
    expectedState: req.state,
    expectedNonce: req.nonce,
  });
  return { req, callback, tokens };
}
