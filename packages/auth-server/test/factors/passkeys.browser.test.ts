import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { chromium, type Browser as Chromium, type Page } from 'playwright-core';
import { loopbackFetch } from '@sso/shared';
import { createAccount } from '../../src/accounts/create-account.js';
import { totpCodeAt } from '../../src/factors/totp/totp.js';
import { Browser, csrfFrom } from '../helpers/browser.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { clientDefaults, SECRET, USER } from '../oidc/oidc.fixture.js';

/**
 * Passkeys in Chromium with the DevTools virtual authenticator. The issuer is
 * http://auth.localhost:<port>: a secure context in Chromium, so WebAuthn runs with RP ID auth.localhost.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const e2e = existsSync(CHROMIUM) ? test : test.skip;
const MFA = 'urn:sso:acr:mfa';

let ctx: TestContext;
let server: Server;
let issuer: string;
/** Served by nobody: a 404 page on the auth server, but the browser lands there with the code. */
let CALLBACK: string;
let rp: client.Configuration;
let chrome: Chromium;
let page: Page;
let lastAssertion: string | undefined;

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  const port = await freePort();
  issuer = `http://auth.localhost:${port}`;
  CALLBACK = `${issuer}/rp-callback`;
  ctx = await createTestContext({ ISSUER: issuer });
  server = createServer(ctx.app).listen(port, '127.0.0.1');
  await once(server, 'listening');
  await ctx.store.clients.create(clientDefaults({ clientId: 'web-app', redirectUris: [CALLBACK] }), ctx.clock());
  await createAccount(ctx.store, ctx.clock(), { ...USER, email: 'alice@example.com' });
  rp = await client.discovery(new URL(issuer), 'web-app', SECRET, client.ClientSecretBasic(SECRET), {
    execute: [client.allowInsecureRequests],
    [client.customFetch]: loopbackFetch,
  });
  chrome = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const context = await chrome.newContext();
  page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  await page.route('**/login/passkey', async (route) => {
    lastAssertion = new URLSearchParams(route.request().postData() ?? '').get('response') ?? undefined;
    await route.continue();
  });
}, 60_000);

afterAll(async () => {
  await chrome?.close();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await ctx?.close();
});

/** Runs an authorization request in the browser; `act` does whatever the pages ask; returns the ID token claims. */
async function signIn(params: Record<string, string>, act: () => Promise<void>) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(rp, {
    redirect_uri: CALLBACK,
    scope: 'openid profile offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...params,
  });
  const callback = page.waitForURL(/\/rp-callback\?/);
  await page.goto(url.toString());
  await act();
  await callback;
  const tokens = await client.authorizationCodeGrant(rp, new URL(page.url()), { pkceCodeVerifier: verifier, expectedState: state });
  return tokens.claims()!;
}

async function signOut() {
  await page.goto(`${issuer}/logout`);
  await page.click('button[type=submit]');
}

e2e('register a passkey, step up with it, sign in with it alone and as a second factor', async () => {
  const first = await signIn({}, async () => {
    await page.fill('#username', USER.username);
    await page.fill('#password', USER.password);
    await page.click('form[action="/login"] button[type=submit]');
  });
  expect(first).toMatchObject({ amr: ['pwd'], acr: 'urn:sso:acr:1fa' });

  await page.goto(`${issuer}/account/security`);
  await page.fill('#passkey-name', 'Test laptop');
  await page.click('#passkey-register');
  await page.waitForURL(/done=passkey-added/);
  expect(await page.textContent('#passkeys')).toContain('Test laptop');
  const [stored] = await ctx.store.passkeys.listByAccount(first.sub);
  expect(stored?.name).toBe('Test laptop');

  // Step-up: the session has a password only; acr_values asks for MFA; no password is asked again.
  const stepUp = await signIn({ acr_values: MFA }, async () => {
    await page.waitForURL(/\/login\/verify/);
    expect(await page.locator('#password').count()).toBe(0);
    await page.click('#passkey-button');
  });
  expect(stepUp.acr).toBe(MFA);
  expect(stepUp.amr).toEqual(expect.arrayContaining(['mfa']));
  expect(stepUp.auth_time!).toBeGreaterThanOrEqual(first.auth_time!);

  // A passkey alone, from the login page: no username typed (a discoverable credential).
  await signOut();
  const alone = await signIn({}, async () => {
    await page.click('#passkey-button');
  });
  expect(alone.sub).toBe(first.sub);
  expect(alone.acr).toBe(MFA);
  expect(alone.amr).not.toContain('pwd');

  // After the password, the passkey is the second factor.
  await signOut();
  const second = await signIn({}, async () => {
    await page.fill('#username', USER.username);
    await page.fill('#password', USER.password);
    await page.click('form[action="/login"] button[type=submit]');
    await page.waitForURL(/\/login\/verify/);
    await page.click('#passkey-button');
  });
  expect(second.amr).toEqual(expect.arrayContaining(['pwd', 'mfa']));
  expect(second.acr).toBe(MFA);

  const events = (await ctx.store.audit.list({ limit: 200 })).map((e) => e.type);
  expect(events).toEqual(expect.arrayContaining(['factor_enrol', 'factor_use']));
}, 60_000);

e2e('replayed, malformed, wrong-origin and expired WebAuthn responses: 400, counted, never 500', async () => {
  expect(lastAssertion).toBeDefined();
  const node = new Browser(issuer.replace('auth.localhost', '127.0.0.1'));
  const post = async (response: string) => {
    const token = csrfFrom(await (await node.get('/login')).text());
    return node.post('/login/passkey', { _csrf: token, response });
  };
  const options = async () => {
    const token = csrfFrom(await (await node.get('/login')).text());
    const res = await node.post('/webauthn/options', { _csrf: token, purpose: 'authenticate' });
    return ((await res.json()) as { challenge: string }).challenge;
  };
  const withClientData = (change: Record<string, unknown>) => {
    const a = JSON.parse(lastAssertion!) as { response: { clientDataJSON: string } };
    const data = JSON.parse(Buffer.from(a.response.clientDataJSON, 'base64url').toString()) as Record<string, unknown>;
    a.response.clientDataJSON = Buffer.from(JSON.stringify({ ...data, ...change })).toString('base64url');
    return JSON.stringify(a);
  };

  expect((await post(lastAssertion!)).status).toBe(400); // its challenge was used
  expect((await post('{"id":')).status).toBe(400);
  expect((await post('[]')).status).toBe(400);
  expect((await post(withClientData({ challenge: await options(), origin: 'http://evil.localhost' }))).status).toBe(400);
  const stale = await options();
  ctx.clock.advance(6 * 60_000);
  expect((await post(withClientData({ challenge: stale }))).status).toBe(400);

  const reasons = (await ctx.store.audit.list({ type: 'factor_use_failed' })).map((e) => e.detail?.reason);
  expect(reasons).toEqual(expect.arrayContaining(['expired_challenge', 'malformed', 'wrong_origin']));
  const metrics = await ctx.deps.metrics.registry.getSingleMetricAsString('auth_factor_events_total');
  expect(metrics).toMatch(/factor="passkey",event="use",result="failure"} [4-9]/);
});

e2e('set up an authenticator app, then sign in with a code and with a recovery code', async () => {
  await signOut();
  await signIn({}, async () => {
    await page.click('#passkey-button');
  });
  await page.goto(`${issuer}/account/security`);
  await page.click('#totp-start');
  expect(await page.locator('#totp-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
  const secret = (await page.textContent('#totp-secret'))!.trim();
  await page.fill('#code', totpCodeAt(secret, ctx.clock()));
  await page.click('form[action="/account/security/totp/confirm"] button[type=submit]');
  const codes = await page.locator('#recovery-codes code').allTextContents();
  expect(codes).toHaveLength(10);
  await page.click('#continue');
  expect(await page.textContent('#totp-status')).toContain('set up');

  await signOut();
  ctx.clock.advance(30_000);
  const withCode = await signIn({}, async () => {
    await page.fill('#username', USER.username);
    await page.fill('#password', USER.password);
    await page.click('form[action="/login"] button[type=submit]');
    await page.waitForURL(/\/login\/verify/);
    await page.fill('#code', totpCodeAt(secret, ctx.clock()));
    await page.click('form[action="/login/verify/totp"] button[type=submit]');
  });
  expect(withCode.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));

  await signOut();
  const withRecovery = await signIn({}, async () => {
    await page.fill('#username', USER.username);
    await page.fill('#password', USER.password);
    await page.click('form[action="/login"] button[type=submit]');
    await page.waitForURL(/\/login\/verify/);
    await page.click('#recovery-factor summary');
    await page.fill('#recovery-code', codes[0]!);
    await page.click('form[action="/login/verify/recovery-code"] button[type=submit]');
  });
  expect(withRecovery.acr).toBe(MFA);
  expect(await ctx.store.recoveryCodes.countUnused(withRecovery.sub)).toBe(9);
}, 60_000);
