import request from 'supertest';
import { appFixture, ISSUER } from './fixtures/app-fixture.js';
import type { AppFixture } from './fixtures/app-fixture.js';

const cookiesOf = (res: request.Response) =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]!);

describe("the landing page's silent single sign-on check", () => {
  let f: AppFixture;
  beforeEach(async () => {
    f = await appFixture();
  });

  it('on a first visit asks the auth server once with prompt=none, and after login_required shows the page signed out', async () => {
    const first = await request(f.app).get('/');
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/login?returnTo=%2F&probe=1');
    const checked = cookiesOf(first).find((c) => c.startsWith('demo_app_a_session_sso_checked='))!;
    expect(checked).toBe('demo_app_a_session_sso_checked=1');
    // A session cookie: it ends with the browser session.
    expect((first.headers['set-cookie'] as unknown as string[])[0]).not.toMatch(/Max-Age|Expires/i);

    const start = await request(f.app).get(first.headers.location!).set('Cookie', checked);
    const authorize = new URL(start.headers.location!);
    expect(authorize.searchParams.get('prompt')).toBe('none');
    const state = authorize.searchParams.get('state')!;
    const cookie = [checked, ...cookiesOf(start)].join('; ');

    const back = await request(f.app)
      .get(`/callback?error=login_required&state=${state}&iss=${encodeURIComponent(ISSUER)}`)
      .set('Cookie', cookie);
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe('/'); // not the login form: the visitor did not ask to sign in

    const landing = await request(f.app).get('/').set('Cookie', checked);
    expect(landing.status).toBe(200);
    expect(landing.text).toContain('id="signed-out-heading"');
  });

  it('does not check for a visitor who has a session here already (signed in, or just signed out)', async () => {
    const { cookie } = f.signIn();
    const res = await request(f.app).get('/').set('Cookie', cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain('id="signed-in-heading"');
  });

  it('is off with SILENT_SSO=false', async () => {
    const g = await appFixture({ SILENT_SSO: 'false' });
    const res = await request(g.app).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('id="signed-out-heading"');
  });

  it('a sign-in the visitor started (Sign in button) still goes on to the login form after login_required', async () => {
    const start = await request(f.app).get('/login?returnTo=/notes');
    const state = new URL(start.headers.location!).searchParams.get('state')!;
    const back = await request(f.app)
      .get(`/callback?error=login_required&state=${state}&iss=${encodeURIComponent(ISSUER)}`)
      .set('Cookie', cookiesOf(start).join('; '));
    expect(back.headers.location).toBe('/login?returnTo=%2Fnotes&interactive=1');
  });
});

describe('the landing page check with the auth server down', () => {
  it('shows the landing page signed out instead of an error page', async () => {
    const { discoveredOidcClient } = await import('../src/oidc/oidc-client.js');
    const { createApp } = await import('../src/app.js');
    const f = await appFixture({ ISSUER: 'http://127.0.0.1:9' });
    const app = createApp(f.config, { ...f.deps, oidc: discoveredOidcClient(f.config) });
    const first = await request(app).get('/');
    const checked = cookiesOf(first).find((c) => c.includes('_sso_checked='))!;
    const probe = await request(app).get(first.headers.location!).set('Cookie', checked);
    expect(probe.status).toBe(303);
    expect(probe.headers.location).toBe('/');
    const landing = await request(app).get('/').set('Cookie', checked);
    expect(landing.status).toBe(200);
    expect(landing.text).toContain('id="signed-out-heading"');
    // A sign-in the visitor asked for still says the auth server cannot be reached.
    expect((await request(app).get('/login')).status).toBe(503);
  });
});
