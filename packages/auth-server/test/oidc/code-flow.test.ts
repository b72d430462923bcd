import * as client from 'openid-client';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { Browser, location } from '../helpers/browser.js';
import { authorizationRequest, codeFlow, follow, signInThrough, startOidcFixture, USER, type OidcFixture } from './oidc.fixture.js';

let f: OidcFixture;
beforeAll(async () => {
  f = await startOidcFixture();
});
afterAll(() => f.close());

describe('authorization code flow with openid-client', () => {
  test('discovery matches what the server implements', () => {
    const meta = f.web.serverMetadata();
    expect(meta.issuer).toBe(f.issuer);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.authorization_response_iss_parameter_supported).toBe(true);
    expect(meta.response_types_supported).toEqual(['code']);
  });

  test('code + PKCE yields a valid ID token, a JWT access token and a refresh token', async () => {
    const browser = new Browser(f.issuer);
    const { callback, tokens, req } = await codeFlow(f, browser);
    expect(callback.searchParams.get('iss')).toBe(f.issuer); // RFC 9207
    expect(callback.searchParams.get('state')).toBe(req.state);

    const id = tokens.claims()!;
    expect(id.iss).toBe(f.issuer);
    expect(id.sub).toBe(f.account.id);
    expect(id.aud).toBe('web-app');
    expect(id.nonce).toBe(req.nonce);
    expect(typeof id.auth_time).toBe('number');
    expect(typeof id.sid).toBe('string');
    expect(typeof id.at_hash).toBe('string');
    expect(id.preferred_username).toBe(USER.username);
    expect(id.email).toBe('alice@example.com');

    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    const at = decodeJwt(tokens.access_token);
    expect(at).toMatchObject({ iss: f.issuer, sub: f.account.id, aud: f.ctx.config.resourceAudience, client_id: 'web-app' });
    // RFC 8707: the token is for the notes API alone, with only its scopes and, as that API asks, the roles.
    expect(at.scope).toBe('notes:read');
    expect(at.roles).toEqual([]);
    expect(typeof at.jti).toBe('string');
    expect(at.exp! - at.iat!).toBe(15 * 60);
    expect(tokens.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.token_type).toBe('bearer');
  });

  test('userinfo returns the claims the scopes allow', async () => {
    // No API scope: the access token is for userinfo.
    const { tokens } = await codeFlow(f, new Browser(f.issuer), { scope: 'openid profile email' });
    const info = await client.fetchUserInfo(f.web, tokens.access_token, f.account.id);
    expect(info).toMatchObject({ sub: f.account.id, preferred_username: 'alice', email: 'alice@example.com', roles: [] });
  });

  test('email_verified in the ID token and userinfo follows the account (OIDC Core §5.1)', async () => {
    const scope = { scope: 'openid email' };
    const before = (await codeFlow(f, new Browser(f.issuer), scope)).tokens;
    expect(before.claims()).toMatchObject({ email: 'alice@example.com', email_verified: false });
    await f.ctx.store.accounts.update(f.account.id, { emailVerified: true }, f.ctx.clock());
    const after = (await codeFlow(f, new Browser(f.issuer), scope)).tokens;
    expect(after.claims()).toMatchObject({ email: 'alice@example.com', email_verified: true });
    expect(await client.fetchUserInfo(f.web, after.access_token, f.account.id)).toMatchObject({ email_verified: true });
    await f.ctx.store.accounts.update(f.account.id, { emailVerified: false }, f.ctx.clock());
  });

  test('refresh tokens rotate; replaying a rotated one revokes the whole family', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer));
    const first = tokens.refresh_token!;
    const second = await client.refreshTokenGrant(f.web, first);
    expect(second.refresh_token).toBeDefined();
    expect(second.refresh_token).not.toBe(first);
    expect(second.claims()?.sub).toBe(f.account.id);

    await expect(client.refreshTokenGrant(f.web, first)).rejects.toMatchObject({ error: 'invalid_grant' });
    // The legitimate holder's newer token died with the family (RFC 9700 §4.14.2).
    await expect(client.refreshTokenGrant(f.web, second.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    const introspected = await client.tokenIntrospection(f.web, second.access_token);
    expect(introspected.active).toBe(false);
  });

  test('refresh tokens expire after the sliding lifetime', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer));
    f.ctx.clock.advance((f.ctx.config.ttl.refreshToken + 1) * 1000);
    try {
      await expect(client.refreshTokenGrant(f.web, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    } finally {
      f.ctx.clock.advance(-(f.ctx.config.ttl.refreshToken + 1) * 1000);
    }
  });

  test('a replayed code is refused and the tokens issued from it are revoked', async () => {
    const browser = new Browser(f.issuer);
    const { callback, tokens, req } = await codeFlow(f, browser);
    await expect(
      client.authorizationCodeGrant(f.web, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state, expectedNonce: req.nonce }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await client.tokenIntrospection(f.web, tokens.access_token)).active).toBe(false);
    await expect(client.refreshTokenGrant(f.web, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  test('a wrong code_verifier is refused', async () => {
    const req = await authorizationRequest(f.web);
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    await expect(
      client.authorizationCodeGrant(f.web, callback, {
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
        expectedState: req.state,
        expectedNonce: req.nonce,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  test('an expired code is refused', async () => {
    const req = await authorizationRequest(f.web);
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    f.ctx.clock.advance(61_000);
    await expect(
      client.authorizationCodeGrant(f.web, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state, expectedNonce: req.nonce }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  test('a wrong client secret gets 401 invalid_client', async () => {
    const wrong = await client.discovery(new URL(f.issuer), 'web-app', 'not-the-secret', undefined, { execute: [client.allowInsecureRequests] });
    const req = await authorizationRequest(f.web);
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    await expect(
      client.authorizationCodeGrant(wrong, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state, expectedNonce: req.nonce }),
    ).rejects.toMatchObject({ status: 401, cause: [expect.objectContaining({ scheme: 'basic' })] });
  });
});

describe('single sign-on and prompts', () => {
  test('a second client completes without the login page', async () => {
    const browser = new Browser(f.issuer);
    await codeFlow(f, browser);
    const other = await client.discovery(new URL(f.issuer), 'other-app', 'web-app-secret-for-tests', undefined, {
      execute: [client.allowInsecureRequests],
    });
    const req = await authorizationRequest(other, {}, 'https://other.example/cb');
    const res = await browser.get(req.url.toString());
    expect(res.status).toBe(303);
    const callback = new URL(location(res));
    expect(callback.origin).toBe('https://other.example');
    const tokens = await client.authorizationCodeGrant(other, callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    expect(tokens.claims()?.sub).toBe(f.account.id);
  });

  test('prompt=none without a session redirects with login_required', async () => {
    const req = await authorizationRequest(f.web, { prompt: 'none' });
    const res = await new Browser(f.issuer).get(req.url.toString());
    const back = new URL(location(res));
    expect(back.origin).toBe('https://rp.example');
    expect(back.searchParams.get('error')).toBe('login_required');
    expect(back.searchParams.get('state')).toBe(req.state);
    expect(back.searchParams.get('iss')).toBe(f.issuer);
  });

  test('prompt=none with a session completes silently', async () => {
    const browser = new Browser(f.issuer);
    await codeFlow(f, browser);
    const req = await authorizationRequest(f.web, { prompt: 'none' });
    const back = new URL(location(await browser.get(req.url.toString())));
    expect(back.searchParams.get('code')).toBeTruthy();
  });

  test('prompt=login shows the login page even with a session', async () => {
    const browser = new Browser(f.issuer);
    const first = await codeFlow(f, browser);
    const cookieBefore = browser.cookie('sso_session');
    f.ctx.clock.advance(5_000);
    const req = await authorizationRequest(f.web, { prompt: 'login' });
    const res = await follow(browser, await browser.get(req.url.toString()), f.issuer);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('name="password"');
    // ...and signing in again completes the original request: a new cookie and auth_time, the same
    // session (sid), so the apps it reached are still told when it ends.
    const callback = await signInThrough(browser, f.issuer, req.url);
    const tokens = await client.authorizationCodeGrant(f.web, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state, expectedNonce: req.nonce });
    expect(browser.cookie('sso_session')).not.toBe(cookieBefore);
    expect(tokens.claims()!.sid).toBe(first.tokens.claims()!.sid);
    expect(tokens.claims()!.auth_time).toBeGreaterThan(first.tokens.claims()!.auth_time!);
  });

  test('prompt=select_account shows the login page, where another account can sign in', async () => {
    const browser = new Browser(f.issuer);
    await codeFlow(f, browser);
    const req = await authorizationRequest(f.web, { prompt: 'select_account' });
    const res = await follow(browser, await browser.get(req.url.toString()), f.issuer);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('name="password"');
  });

  test('max_age forces a fresh login once the session is older', async () => {
    const browser = new Browser(f.issuer);
    await codeFlow(f, browser);
    f.ctx.clock.advance(120_000);
    const req = await authorizationRequest(f.web, { max_age: '60' });
    const res = await follow(browser, await browser.get(req.url.toString()), f.issuer);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('name="password"');
  });

  test('login_hint pre-fills the username', async () => {
    const req = await authorizationRequest(f.web, { login_hint: 'alice' });
    const browser = new Browser(f.issuer);
    const res = await follow(browser, await browser.get(req.url.toString()), f.issuer);
    expect(await res.text()).toMatch(/name="username"[^>]*value="alice"|value="alice"[^>]*name="username"/);
  });
});
