import { createAccount } from '../../src/accounts/create-account.js';
import { totpCodeAt } from '../../src/factors/totp/totp.js';
import { Browser, location } from '../helpers/browser.js';
import { codeFlow, startOidcFixture, type OidcFixture } from '../oidc/oidc.fixture.js';
import { enterPassword, open, redeem, startAuthorization, submit } from './factors.fixture.js';

const BOB = { username: 'bob', password: 'tangerine-viaduct-oboe-41' };
let f: OidcFixture;
beforeAll(async () => {
  f = await startOidcFixture();
  await createAccount(f.ctx.store, f.ctx.clock(), BOB);
});
afterAll(() => f.close());

describe('id_token_hint (OIDC Core §3.1.2.1), with openid-client', () => {
  test('a hint naming another user: prompt=none gets login_required, otherwise the login page', async () => {
    const bobBrowser = new Browser(f.issuer);
    const bob = await startAuthorization(f, bobBrowser);
    const bobTokens = await redeem(f, bob.req, await enterPassword(f, bobBrowser, bob.page, BOB.password, BOB.username));
    const alice = new Browser(f.issuer);
    await codeFlow(f, alice);

    const silent = await startAuthorization(f, alice, { prompt: 'none', id_token_hint: bobTokens.id_token! });
    const callback = new URL(location(silent.page));
    expect(callback.searchParams.get('error')).toBe('login_required');
    expect(callback.searchParams.get('code')).toBeNull();

    const asked = await startAuthorization(f, alice, { id_token_hint: bobTokens.id_token! });
    expect(new URL(asked.page.url).pathname).toBe('/login');
    // Signing in as the hinted user answers the request.
    const tokens = await redeem(f, asked.req, await enterPassword(f, alice, asked.page, BOB.password, BOB.username));
    expect(tokens.claims()!.sub).toBe(bobTokens.claims()!.sub);
  });

  test('the signed-in user’s own hint, even expired, answers prompt=none', async () => {
    const browser = new Browser(f.issuer);
    const { tokens } = await codeFlow(f, browser);
    f.ctx.clock.advance((f.ctx.config.ttl.idToken + 60) * 1000);
    const silent = await startAuthorization(f, browser, { prompt: 'none', id_token_hint: tokens.id_token! });
    expect(new URL(location(silent.page)).searchParams.get('code')).toBeTruthy();
  });

  test('an access token or a garbage string is not a hint: invalid_request', async () => {
    const browser = new Browser(f.issuer);
    const { tokens } = await codeFlow(f, browser);
    for (const hint of [tokens.access_token, 'not.a.jwt', tokens.id_token!.slice(0, -4) + 'AAAA']) {
      const r = await startAuthorization(f, browser, { prompt: 'none', id_token_hint: hint });
      expect(new URL(location(r.page)).searchParams.get('error')).toBe('invalid_request');
    }
  });
});

describe('MFA required by a client or by an administrator', () => {
  test('a client that requires MFA: a user without a factor sets one up, then continues with mfa', async () => {
    await f.ctx.store.mfaRequirements.set('client', 'web-app', true, f.ctx.clock());
    try {
      const browser = new Browser(f.issuer);
      const { req, page } = await startAuthorization(f, browser);
      const security = await enterPassword(f, browser, page, BOB.password, BOB.username);
      expect(new URL(security.url).pathname).toBe('/account/security');
      const setup = await submit(browser, security, 'totp/start');
      const html = await setup.text();
      const secret = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(html)![1]!;
      const confirmed = await submit(browser, Object.defineProperty(new Response(html), 'url', { value: setup.url }), 'totp/confirm', {
        code: totpCodeAt(secret, f.ctx.clock()),
      });
      const next = /<a id="continue" href="([^"]+)"/.exec(await confirmed.text())![1]!;
      const tokens = await redeem(f, req, await open(f, browser, next));
      expect(tokens.claims()).toMatchObject({ acr: 'urn:sso:acr:mfa' });
    } finally {
      await f.ctx.store.mfaRequirements.set('client', 'web-app', false, f.ctx.clock());
    }
  });
});
