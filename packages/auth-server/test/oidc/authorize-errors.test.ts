import request from 'supertest';
import { Browser, location } from '../helpers/browser.js';
import { startOidcFixture, type OidcFixture } from './oidc.fixture.js';

let f: OidcFixture;
beforeAll(async () => {
  f = await startOidcFixture();
});
afterAll(() => f.close());

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const valid = {
  client_id: 'web-app',
  redirect_uri: 'https://rp.example/callback',
  response_type: 'code',
  scope: 'openid',
  state: 'st-123',
  nonce: 'n-1',
  code_challenge: CHALLENGE,
  code_challenge_method: 'S256',
};
const authorize = (params: Record<string, string>) => `/authorize?${new URLSearchParams(params).toString()}`;

/** Asserts an error redirect back to the client carrying error, description, state and iss. */
async function expectRedirectError(params: Record<string, string>, error: string) {
  const res = await request(f.ctx.app).get(authorize(params));
  expect(res.status).toBe(303);
  const back = new URL(res.headers.location!);
  expect(`${back.origin}${back.pathname}`).toBe('https://rp.example/callback');
  expect(back.searchParams.get('error')).toBe(error);
  expect(back.searchParams.get('error_description')).toBeTruthy();
  expect(back.searchParams.get('state')).toBe('st-123');
  expect(back.searchParams.get('iss')).toBe(f.issuer);
}

describe('authorization request refusals', () => {
  test('an unregistered redirect_uri is an error page, never a redirect', async () => {
    for (const uri of ['https://evil.example/callback', 'https://rp.example/callback/extra', 'https://rp.example/callbac', 'https://rp.example/callback?x=1']) {
      const res = await request(f.ctx.app).get(authorize({ ...valid, redirect_uri: uri })).set('Accept', 'text/html');
      expect(res.status).toBe(400);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).toContain('redirect_uri');
    }
  });

  test('an unknown client is an error page', async () => {
    const res = await request(f.ctx.app).get(authorize({ ...valid, client_id: 'nobody' })).set('Accept', 'text/html');
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/html/);
  });

  test('a missing redirect_uri or client_id is an error page', async () => {
    const { redirect_uri: _r, ...noRedirect } = valid;
    expect((await request(f.ctx.app).get(authorize(noRedirect))).status).toBe(400);
    const { client_id: _c, ...noClient } = valid;
    expect((await request(f.ctx.app).get(authorize(noClient))).status).toBe(400);
  });

  test('a repeated client_id is an error page', async () => {
    const res = await request(f.ctx.app).get(`${authorize(valid)}&client_id=other-app`);
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
  });

  test('unsupported response types are refused', async () => {
    await expectRedirectError({ ...valid, response_type: 'token' }, 'unsupported_response_type');
    await expectRedirectError({ ...valid, response_type: 'code id_token' }, 'unsupported_response_type');
  });

  test('missing PKCE is refused', async () => {
    const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = valid;
    await expectRedirectError(noPkce, 'invalid_request');
  });

  test('PKCE plain (or no method) is refused', async () => {
    await expectRedirectError({ ...valid, code_challenge_method: 'plain' }, 'invalid_request');
    const { code_challenge_method: _m, ...noMethod } = valid;
    await expectRedirectError(noMethod, 'invalid_request');
    await expectRedirectError({ ...valid, code_challenge: 'short' }, 'invalid_request');
  });

  test('scopes the client may not use are refused', async () => {
    await expectRedirectError({ ...valid, scope: 'openid admin:everything' }, 'invalid_scope');
  });

  test('request objects are refused', async () => {
    await expectRedirectError({ ...valid, request: 'eyJhbGciOiJub25lIn0.e30.' }, 'request_not_supported');
  });

  test('bad prompt and max_age values are refused', async () => {
    await expectRedirectError({ ...valid, prompt: 'none login' }, 'invalid_request');
    await expectRedirectError({ ...valid, prompt: 'sometimes' }, 'invalid_request');
    await expectRedirectError({ ...valid, max_age: '-1' }, 'invalid_request');
  });

  test('a repeated parameter after the redirect is validated is redirected as invalid_request', async () => {
    const res = await request(f.ctx.app).get(`${authorize(valid)}&scope=profile`);
    expect(res.status).toBe(303);
    expect(new URL(res.headers.location!).searchParams.get('error')).toBe('invalid_request');
  });

  test('the authorization endpoint also accepts POST (OIDC Core §3.1.2.1)', async () => {
    // Without a session cookie (as from another site) the POST is re-issued by GET, which carries it.
    const res = await request(f.ctx.app).post('/authorize').type('form').send(valid);
    expect(res.status).toBe(303);
    const again = new URL(res.headers.location!, f.issuer);
    expect(again.pathname).toBe('/authorize');
    expect(Object.fromEntries(again.searchParams)).toEqual(valid);
    const login = await request(f.ctx.app).get(`${again.pathname}${again.search}`);
    expect(login.headers.location).toMatch(/^\/login\?interaction=/);
  });

  test('an unknown interaction id is a clear error page', async () => {
    const res = await request(f.ctx.app).get('/authorize/resume/does-not-exist').set('Accept', 'text/html');
    expect(res.status).toBe(400);
  });
});

describe('consent for third-party clients', () => {
  const tp = { ...valid, client_id: 'third-party', redirect_uri: 'https://tp.example/cb', scope: 'openid profile' };

  test('prompt=none without consent redirects with consent_required', async () => {
    const browser = new Browser(f.issuer);
    const { signInThrough, authorizationRequest } = await import('./oidc.fixture.js');
    await signInThrough(browser, f.issuer, (await authorizationRequest(f.web)).url);
    const res = await browser.get(authorize({ ...tp, prompt: 'none' }));
    const back = new URL(location(res));
    expect(back.searchParams.get('error')).toBe('consent_required');
  });

  test('consent page: deny redirects access_denied; allow issues a code and is remembered', async () => {
    const { signInThrough, authorizationRequest, follow } = await import('./oidc.fixture.js');
    const { postForm } = await import('../helpers/browser.js');
    const browser = new Browser(f.issuer);
    await signInThrough(browser, f.issuer, (await authorizationRequest(f.web)).url);

    let page = await follow(browser, await browser.get(authorize(tp)), f.issuer);
    expect(page.status).toBe(200);
    let html = await page.text();
    expect(html).toContain('Third Party');
    let form = postForm(html, 'decision');
    const denied = await follow(browser, await browser.post('/consent', { ...form.fields, decision: 'deny' }), f.issuer);
    expect(new URL(location(denied)).searchParams.get('error')).toBe('access_denied');

    page = await follow(browser, await browser.get(authorize(tp)), f.issuer);
    html = await page.text();
    form = postForm(html, 'decision');
    const allowed = await follow(browser, await browser.post('/consent', { ...form.fields, decision: 'allow' }), f.issuer);
    expect(new URL(location(allowed)).searchParams.get('code')).toBeTruthy();

    // Remembered: the next request completes at once.
    const again = await browser.get(authorize(tp));
    expect(new URL(location(again)).searchParams.get('code')).toBeTruthy();
  });

  test('consent POST without the CSRF token is refused', async () => {
    const res = await request(f.ctx.app).post('/consent').type('form').send({ interaction: 'x', decision: 'allow' });
    expect(res.status).toBe(403);
  });
});

describe('POST re-issued as GET', () => {
  test('a POST too long for a URL is answered as the POST it is, not redirected', async () => {
    const res = await request(f.ctx.app).post('/authorize').type('form').send({ ...valid, login_hint: 'x'.repeat(2000), ui_locales: 'y'.repeat(2000), acr_values: 'z'.repeat(2000), display: 'w'.repeat(2000), claims: 'v'.repeat(2000) });
    expect(res.status).toBe(303);
    expect(new URL(res.headers.location!, f.issuer).pathname).not.toBe('/authorize');
  });
});
