import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { browser } from './browser.js';
import { makeAccount, makeClient, PASSWORD } from './fixtures.js';

const sessionCookie = (setCookie: string[] | undefined, name: string) => setCookie?.find((c) => c.startsWith(`${name}=`));

describe('sign-up', () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext();
  });
  afterEach(() => t.close());

  it('creates the account, signs in with an HttpOnly SameSite=Lax cookie (no Secure on http) and opens /account', async () => {
    const b = browser(t.app);
    const page = await b.get('/signup');
    expect(page.status).toBe(200);
    expect(page.text).toContain('autocomplete="new-password"');
    expect(page.text).toContain('autocomplete="email"');

    const res = await b.submit('/signup', '/signup', { username: 'Bob', email: 'bob@example.com', password: PASSWORD, confirm_password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account');
    const cookie = sessionCookie(res.headers['set-cookie'] as unknown as string[], 'sso_session');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);

    const account = await b.get('/account');
    expect(account.status).toBe(200);
    expect(account.text).toContain('bob');
    expect((await t.store.accounts.findByUsername('bob'))?.email).toBe('bob@example.com');
  });

  it('uses a Secure __Host- cookie when the issuer is https', async () => {
    const https = await createTestContext({ ISSUER: 'https://auth.example.com' });
    try {
      const b = browser(https.app);
      const res = await b.submit('/signup', '/signup', { username: 'carol', email: 'carol@example.com', password: PASSWORD, confirm_password: PASSWORD });
      expect(res.status).toBe(303);
      const cookie = sessionCookie(res.headers['set-cookie'] as unknown as string[], '__Host-sso_session');
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Domain=/i);
    } finally {
      await https.close();
    }
  });

  it.each([
    ['too short', 'short1'],
    ['common', 'password123'],
    ['containing the username', 'dave-is-my-name-123'],
  ])('refuses a %s password with 400 and says why', async (_label, password) => {
    const b = browser(t.app);
    const res = await b.submit('/signup', '/signup', { username: 'dave', email: 'dave@example.com', password, confirm_password: password });
    expect(res.status).toBe(400);
    expect(res.text).toContain('role="alert"');
    expect(res.headers['set-cookie']?.toString() ?? '').not.toContain('sso_session=');
    expect(await t.store.accounts.findByUsername('dave')).toBeUndefined();
  });

  it('refuses a taken username with 409', async () => {
    await makeAccount(t.store, t.clock(), 'erin');
    const res = await browser(t.app).submit('/signup', '/signup', { username: 'ERIN', email: 'erin@example.com', password: PASSWORD, confirm_password: PASSWORD });
    expect(res.status).toBe(409);
    expect(res.text).toContain('That username is taken');
  });

  it('refuses a malformed username or email with 400', async () => {
    const b = browser(t.app);
    expect((await b.submit('/signup', '/signup', { username: 'no spaces!', email: 'x@example.com', password: PASSWORD, confirm_password: PASSWORD })).status).toBe(400);
    const bad = await b.submit('/signup', '/signup', { username: 'frank', email: 'not-an-email', password: PASSWORD, confirm_password: PASSWORD });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Enter a valid e-mail address');
  });

  it('continues a paused authorization after sign-up', async () => {
    await makeClient(t.store, t.clock());
    const now = t.clock();
    await t.store.interactions.create({ id: 'int-1', clientId: 'app-a', params: {}, createdAt: now, expiresAt: now + 600_000 });
    const b = browser(t.app);
    const page = await b.get('/signup?interaction=int-1');
    expect(page.text).toContain('App A');
    expect(page.text).toContain('href="/login?interaction=int-1"');
    const res = await b.submit('/signup?interaction=int-1', '/signup', { username: 'gina', email: 'gina@example.com', password: PASSWORD, confirm_password: PASSWORD, interaction: 'int-1' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/authorize/resume/int-1');
  });

  it('tells a signed-in user who they are instead of showing the form, with links to the account and to sign out', async () => {
    await makeAccount(t.store, t.clock(), 'alice');
    const b = browser(t.app);
    expect((await b.submit('/login', '/login', { username: 'alice', password: PASSWORD })).status).toBe(303);
    const page = await b.get('/signup');
    expect(page.status).toBe(200);
    expect(page.text).toContain('You are already signed in');
    expect(page.text).toContain('You are signed in as alice. To create another account, sign out first.');
    expect(page.text).toContain('<a id="next-link" href="/account">Go to your account</a>');
    expect(page.text).toContain('<a id="second-link" href="/logout">Sign out of alice</a>');
    expect(page.text).not.toContain('name="password"');
  });
});
