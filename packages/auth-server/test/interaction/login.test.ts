import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { browser, csrfToken } from './browser.js';
import { makeAccount, makeClient, PASSWORD } from './fixtures.js';

describe('login', () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext();
    await makeAccount(t.store, t.clock(), 'alice', ['admin']);
  });
  afterEach(() => t.close());

  it('shows a form with the right autocomplete hints and a sign-up link', async () => {
    const page = await browser(t.app).get('/login');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('autocomplete="username"');
    expect(page.text).toContain('autocomplete="current-password"');
    expect(page.text).toMatch(/<button type="submit"/);
    expect(page.text).toContain('id="signup-link" href="/signup"');
  });

  it('signs in with 303 to /account and records the login', async () => {
    const b = browser(t.app);
    const res = await b.submit('/login', '/login', { username: 'Alice', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account');
    const account = await b.get('/account');
    expect(account.status).toBe(200);
    expect(account.text).toContain('admin');
    expect((await t.store.audit.list({ type: 'login' })).length).toBe(1);
    expect(await t.deps.metrics.registry.getSingleMetricAsString('auth_logins_total')).toContain('result="success"} 1');
  });

  it('issues a new session id when signing in again, and the old one stops working', async () => {
    const b = browser(t.app);
    await b.submit('/login', '/login', { username: 'alice', password: PASSWORD });
    const first = b.jar.get('sso_session');
    // Signed in, /login redirects; post the form again as a re-authentication (prompt=login) would.
    const token = csrfToken((await b.get('/account')).text);
    expect((await b.post('/login', { _csrf: token, username: 'alice', password: PASSWORD })).status).toBe(303);
    const second = b.jar.get('sso_session');
    expect(second).toBeDefined();
    expect(second).not.toBe(first);

    const stale = browser(t.app);
    stale.jar.set('sso_session', first!);
    const res = await stale.get('/account');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
  });

  it('gives the same 401 page for an unknown user and a wrong password', async () => {
    const wrong = await browser(t.app).submit('/login', '/login', { username: 'alice', password: 'not the password' });
    const unknown = await browser(t.app).submit('/login', '/login', { username: 'nobody', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => /role="alert"[^>]*>([^<]*)</.exec(html)?.[1];
    expect(message(wrong.text)).toBe('Incorrect username or password');
    expect(message(unknown.text)).toBe(message(wrong.text));
    expect(wrong.text.replace(/alice/g, 'X').replace(/value="[^"]{40,}"/g, '')).toBe(
      unknown.text.replace(/nobody/g, 'X').replace(/value="[^"]{40,}"/g, ''),
    );
    expect(wrong.headers['set-cookie']?.toString() ?? '').not.toContain('sso_session=');
  });

  it('names the app asking, pre-fills login_hint and resumes the authorization', async () => {
    await makeClient(t.store, t.clock());
    const now = t.clock();
    await t.store.interactions.create({ id: 'int-9', clientId: 'app-a', params: { login_hint: 'alice' }, createdAt: now, expiresAt: now + 60_000 });
    const b = browser(t.app);
    const page = await b.get('/login?interaction=int-9');
    expect(page.text).toContain('App A');
    expect(page.text).toMatch(/id="username"[^>]*value="alice"/);
    expect(page.text).toContain('id="signup-link" href="/signup?interaction=int-9"');
    const res = await b.submit('/login?interaction=int-9', '/login', { username: 'alice', password: PASSWORD, interaction: 'int-9' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/authorize/resume/int-9');
  });

  it('shows a 400 page for an unknown or expired interaction', async () => {
    await makeClient(t.store, t.clock());
    const now = t.clock();
    await t.store.interactions.create({ id: 'old', clientId: 'app-a', params: {}, createdAt: now, expiresAt: now + 1000 });
    t.clock.advance(2000);
    for (const id of ['nope', 'old', '../../etc']) {
      const res = await browser(t.app).get(`/login?interaction=${encodeURIComponent(id)}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/html/);
      expect(res.text).toContain('expired or is not valid');
    }
  });

  it('sends a signed-in visitor without an interaction to /account, and / to /account', async () => {
    const b = browser(t.app);
    await b.submit('/login', '/login', { username: 'alice', password: PASSWORD });
    expect((await b.get('/login')).headers.location).toBe('/account');
    expect((await b.get('/')).headers.location).toBe('/account');
  });

  it('refuses a disabled account after a correct password only, and drops its live session', async () => {
    const b = browser(t.app);
    await b.submit('/login', '/login', { username: 'alice', password: PASSWORD });
    const alice = (await t.store.accounts.findByUsername('alice'))!;
    await t.store.accounts.update(alice.id, { disabledAt: t.clock() }, t.clock());
    // A session that raced the disable is no longer honoured.
    expect((await b.get('/account')).headers.location).toBe('/login');
    const wrong = await browser(t.app).submit('/login', '/login', { username: 'alice', password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Incorrect username or password');
    const fresh = browser(t.app);
    const right = await fresh.submit('/login', '/login', { username: 'alice', password: PASSWORD });
    expect(right.status).toBe(403);
    expect(right.text).toContain('This account is disabled');
    expect(fresh.jar.get('sso_session')).toBeUndefined();
    expect(await t.store.audit.list({ type: 'login_refused_disabled' })).toHaveLength(1);
  });
});
