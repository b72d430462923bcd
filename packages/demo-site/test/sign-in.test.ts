import request from 'supertest';
import { appFixture, ISSUER } from './fixtures/app-fixture.js';
import type { AppFixture } from './fixtures/app-fixture.js';

const cookieOf = (res: request.Response) => {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  return raw?.[0]?.split(';')[0] ?? '';
};

describe('sign-in', () => {
  let f: AppFixture;
  beforeEach(async () => {
    f = await appFixture();
  });

  it('sends a signed-out visitor from a protected page to /login, remembering the page', async () => {
    const res = await request(f.app).get('/notes');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login?returnTo=%2Fnotes');
  });

  it('/login redirects to authorize with PKCE S256, state, nonce and a silent prompt first', async () => {
    const res = await request(f.app).get('/login?returnTo=/notes');
    expect(res.status).toBe(303);
    const url = new URL(res.headers.location!);
    expect(`${url.origin}${url.pathname}`).toBe(`${ISSUER}/authorize`);
    const q = url.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe('demo-app-a');
    expect(q.get('redirect_uri')).toBe('http://app-a.localhost:4002/callback');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toBeTruthy();
    expect(q.get('nonce')).toBeTruthy();
    expect(q.get('prompt')).toBe('none');
    expect(q.get('scope')).toContain('openid');

    // No server-side session yet: the sign-in's state is sealed in a short-lived cookie.
    const setCookie = (res.headers['set-cookie'] as unknown as string[])[0]!;
    expect(setCookie).toMatch(/^demo_app_a_session_login=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Max-Age=900/);
    expect(setCookie).not.toContain(q.get('nonce')!);
  });

  it('thousands of anonymous /login requests do not grow the session store', async () => {
    for (let i = 0; i < 2000; i++) {
      const res = await request(f.app).get('/login');
      expect(res.status).toBe(303);
    }
    console.info(`[figure] demo app: ${f.deps.sessions.size} server-side sessions after 2000 anonymous GET /login`);
    expect(f.deps.sessions.size).toBe(0);
  });

  it('refuses a pre-login cookie that was tampered with or has expired', async () => {
    const start = await request(f.app).get('/login?interactive=1');
    const state = new URL(start.headers.location!).searchParams.get('state')!;
    const cookie = cookieOf(start);
    const flipped = cookie.slice(0, -2) + (cookie.endsWith('A') ? 'B' : 'A') + cookie.slice(-1);
    expect((await request(f.app).get(`/callback?code=abc&state=${state}`).set('Cookie', flipped)).status).toBe(400);
    f.clock.advance(16 * 60_000);
    const late = await request(f.app).get(`/callback?code=abc&state=${state}`).set('Cookie', cookie);
    expect(late.status).toBe(400);
    expect(late.text).toContain('expired or was already used');
  });

  it('after login_required from the silent attempt, asks again without prompt=none', async () => {
    const start = await request(f.app).get('/login?returnTo=/notes');
    const state = new URL(start.headers.location!).searchParams.get('state')!;
    const back = await request(f.app)
      .get(`/callback?error=login_required&state=${state}&iss=${encodeURIComponent(ISSUER)}`)
      .set('Cookie', cookieOf(start));
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe('/login?returnTo=%2Fnotes&interactive=1');

    const again = await request(f.app).get(back.headers.location!).set('Cookie', cookieOf(start));
    expect(new URL(again.headers.location!).searchParams.get('prompt')).toBeNull();
  });

  it('refuses a callback whose state it never issued', async () => {
    const start = await request(f.app).get('/login');
    const res = await request(f.app).get('/callback?code=abc&state=forged').set('Cookie', cookieOf(start));
    expect(res.status).toBe(400);
    expect(res.text).toContain('expired or was already used');
  });

  it('refuses a callback without a session (the state was issued to someone else)', async () => {
    const start = await request(f.app).get('/login');
    const state = new URL(start.headers.location!).searchParams.get('state')!;
    const res = await request(f.app).get(`/callback?code=abc&state=${state}`);
    expect(res.status).toBe(400);
  });

  it('refuses an authorization response from another issuer (RFC 9207)', async () => {
    const start = await request(f.app).get('/login?interactive=1');
    const state = new URL(start.headers.location!).searchParams.get('state')!;
    const res = await request(f.app)
      .get(`/callback?code=abc&state=${state}&iss=${encodeURIComponent('http://evil.localhost')}`)
      .set('Cookie', cookieOf(start));
    expect(res.status).toBe(502);
  });

  it('never redirects off-site after sign-in', async () => {
    const res = await request(f.app).get('/login?returnTo=//evil.example/x').set('Cookie', f.signIn().cookie);
    expect(res.headers.location).toBe('/');
  });

  it('serves pages with a CSP that allows no inline script or style and lets /logout reach the issuer', async () => {
    const res = await request(f.app).get('/').set('Cookie', 'demo_app_a_session_sso_checked=1');
    const csp = res.headers['content-security-policy']!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`form-action 'self' ${ISSUER}`);
    expect(res.text).not.toMatch(/<script|style=/);
  });
});

describe('auth server unreachable', () => {
  it('answers 503 with a readable page instead of crashing', async () => {
    const { discoveredOidcClient } = await import('../src/oidc/oidc-client.js');
    const f = await appFixture({ ISSUER: 'http://127.0.0.1:9' });
    const { createApp } = await import('../src/app.js');
    const app = createApp(f.config, { ...f.deps, oidc: discoveredOidcClient(f.config) });
    const res = await request(app).get('/login');
    expect(res.status).toBe(503);
    expect(res.text).toContain('cannot be reached');
  });
});
