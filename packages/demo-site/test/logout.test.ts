import request from 'supertest';
import { appFixture, ISSUER } from './fixtures/app-fixture.js';
import type { AppFixture } from './fixtures/app-fixture.js';

/** RP-Initiated Logout 1.0 from a CSRF-protected form. */
describe('POST /logout', () => {
  let f: AppFixture;
  beforeEach(async () => {
    f = await appFixture();
  });

  const signedIn = async (cookie: string) =>
    (await request(f.app).get('/').set('Cookie', cookie)).text.includes('id="signed-in-heading"');

  it('refuses a post without the CSRF token and keeps the session', async () => {
    const { cookie } = f.signIn();
    const res = await request(f.app).post('/logout').set('Cookie', cookie).type('form').send({});
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form has expired');
    expect(await signedIn(cookie)).toBe(true);
  });

  it('refuses a post with a wrong CSRF token', async () => {
    const { cookie } = f.signIn();
    const res = await request(f.app).post('/logout').set('Cookie', cookie).type('form').send({ _csrf: 'guess' });
    expect(res.status).toBe(403);
  });

  it('refuses a post from another origin even with the token', async () => {
    const { cookie, session } = f.signIn();
    const res = await request(f.app)
      .post('/logout')
      .set('Cookie', cookie)
      .set('Origin', 'http://evil.localhost')
      .type('form')
      .send({ _csrf: session.csrfToken });
    expect(res.status).toBe(403);
    expect(await signedIn(cookie)).toBe(true);
  });

  it('ends the local session and sends the browser to end_session with id_token_hint and state', async () => {
    const { cookie, session } = f.signIn();
    const res = await request(f.app)
      .post('/logout')
      .set('Cookie', cookie)
      .set('Origin', 'http://app-a.localhost:4002')
      .type('form')
      .send({ _csrf: session.csrfToken });
    expect(res.status).toBe(303);
    const url = new URL(res.headers.location!);
    expect(`${url.origin}${url.pathname}`).toBe(`${ISSUER}/logout`);
    expect(url.searchParams.get('id_token_hint')).toBe('header.payload.signature');
    expect(url.searchParams.get('post_logout_redirect_uri')).toBe('http://app-a.localhost:4002/');
    expect(url.searchParams.get('client_id')).toBe('demo-app-a');
    const state = url.searchParams.get('state')!;
    expect(state).toBeTruthy();
    expect(await signedIn(cookie)).toBe(false);

    // Back from the auth server with the state: the page says so.
    const fresh = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).filter((c) => !c!.endsWith('='));
    const home = await request(f.app).get(`/?state=${state}`).set('Cookie', fresh.join('; '));
    expect(home.text).toContain('signed out of App A and of the auth server');
  });
});

describe('session isolation', () => {
  it('each app has its own cookie and its own store: App A\'s session means nothing to App B', async () => {
    const a = await appFixture();
    const b = await appFixture({ APP_NAME: 'App B', BASE_URL: 'http://app-b.localhost:4003', CLIENT_ID: 'demo-app-b', CLIENT_SECRET: 'dev-secret-app-b' });
    expect(a.config.cookieName).not.toBe(b.config.cookieName);

    const { session } = a.signIn();
    const asA = await request(a.app).get('/').set('Cookie', `${a.config.cookieName}=${session.id}`);
    expect(asA.text).toContain('id="signed-in-heading"');
    // Even a stolen id under B's cookie name finds nothing in B's store.
    const asB = await request(b.app).get('/').set('Cookie', `${b.config.cookieName}=${session.id}; ${b.config.cookieName}_sso_checked=1`);
    expect(asB.text).toContain('id="signed-out-heading"');
  });

  it('a sign-in rotates the session id (no fixation)', async () => {
    const a = await appFixture();
    const s = a.deps.sessions.create();
    const rotated = a.deps.sessions.rotate(s);
    expect(rotated.id).not.toBe(s.id);
    expect(rotated.csrfToken).not.toBe(s.csrfToken);
    expect(a.deps.sessions.get(s.id)).toBeUndefined();
  });

  it('an idle session expires after SESSION_TTL_SECONDS (injected clock)', async () => {
    const a = await appFixture({ SESSION_TTL_SECONDS: '60' });
    const { cookie } = a.signIn();
    a.clock.advance(61_000);
    // Marked as checked: this app signed the visitor in, so its landing page asks no silent question.
    const res = await request(a.app).get('/').set('Cookie', `${cookie}; ${a.config.cookieName}_sso_checked=1`);
    expect(res.text).toContain('id="signed-out-heading"');
  });
});
