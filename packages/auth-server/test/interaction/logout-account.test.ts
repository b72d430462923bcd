import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { browser, csrfToken, type Browser } from './browser.js';
import { makeAccount, makeClient, PASSWORD } from './fixtures.js';

async function signIn(t: TestContext, username = 'alice', ua?: string): Promise<Browser> {
  const b = browser(t.app, ua);
  const res = await b.submit('/login', '/login', { username, password: PASSWORD });
  expect(res.status).toBe(303);
  return b;
}
const sidsOf = (html: string) => [...html.matchAll(/data-sid="([^"]+)"/g)].map((m) => m[1]!);

describe('logout and the account page', () => {
  let t: TestContext;
  // Stands in for the relying parties' back-channel logout endpoints (outside the system).
  const delivered: string[] = [];
  const fetchStub = (url: string | URL | Request) => {
    delivered.push(url instanceof Request ? url.url : url.toString());
    return Promise.resolve(new Response(null, { status: 200 }));
  };
  beforeEach(async () => {
    delivered.length = 0;
    t = await createTestContext({}, { fetch: fetchStub });
    await makeAccount(t.store, t.clock(), 'alice', ['admin']);
    await makeAccount(t.store, t.clock(), 'bob');
  });
  afterEach(() => t.close());

  it('GET /logout asks; POST /logout ends the session, the old cookie no longer works', async () => {
    const b = await signIn(t);
    const cookie = b.jar.get('sso_session')!;
    const confirm = await b.get('/logout');
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('action="/logout"');
    expect(b.jar.get('sso_session')).toBe(cookie); // a GET signs nobody out

    const res = await b.post('/logout', { _csrf: csrfToken(confirm.text) });
    expect(res.status).toBe(200);
    expect(res.text).toContain('You are signed out');
    expect(b.jar.has('sso_session')).toBe(false);

    const replay = browser(t.app);
    replay.jar.set('sso_session', cookie);
    expect((await replay.get('/account')).headers.location).toBe('/login');
  });

  it('sends a back-channel logout to the apps the session reached', async () => {
    await makeClient(t.store, t.clock());
    await t.store.clients.update('app-a', { backchannelLogoutUri: 'http://app-a.localhost:4002/backchannel-logout' }, t.clock());
    const b = await signIn(t);
    const [sid] = sidsOf((await b.get('/account')).text);
    await t.store.sessions.addClient(sid!, 'app-a', t.clock());
    await b.submit('/logout', '/logout', {});
    expect(delivered).toEqual(['http://app-a.localhost:4002/backchannel-logout']);
  });

  it('redirects a signed-out visitor from /account to /login', async () => {
    const res = await browser(t.app).get('/account');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
  });

  it('lists sessions with "this device" and ends another of the user\'s sessions', async () => {
    const phone = await signIn(t, 'alice', 'Phone/1.0');
    const laptop = await signIn(t, 'alice', 'Laptop/2.0');
    const page = await laptop.get('/account');
    expect(page.text).toContain('Phone/1.0');
    expect(page.text).toContain('Laptop/2.0');
    expect(page.text.match(/this device/g)).toHaveLength(1);
    const sids = sidsOf(page.text);
    expect(sids).toHaveLength(2);
    const phoneSid = sidsOf(page.text.split('<li').find((li) => li.includes('Phone/1.0'))!)[0]!;
    expect(page.text.split('<li').find((li) => li.includes('this device'))).toContain('Laptop/2.0');

    const res = await laptop.post('/account/sessions/end', { _csrf: csrfToken(page.text), sid: phoneSid });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/account?done=session-ended');
    expect((await phone.get('/account')).headers.location).toBe('/login');
    expect((await laptop.get('/account')).status).toBe(200);
  });

  it("refuses to end another user's session with 404", async () => {
    const bob = await signIn(t, 'bob');
    const bobSid = sidsOf((await bob.get('/account')).text)[0]!;
    const alice = await signIn(t, 'alice');
    const page = await alice.get('/account');
    const res = await alice.post('/account/sessions/end', { _csrf: csrfToken(page.text), sid: bobSid });
    expect(res.status).toBe(404);
    expect((await bob.get('/account')).status).toBe(200);
  });

  it('disconnects an app: its grants are revoked and the consent forgotten', async () => {
    await makeClient(t.store, t.clock(), 'app-b', 'App B');
    const alice = await signIn(t);
    const account = (await t.store.accounts.findByUsername('alice'))!;
    const now = t.clock();
    await t.store.grants.create({ id: 'g1', clientId: 'app-b', accountId: account.id, sid: null, scope: 'openid offline_access', authTime: now, createdAt: now, expiresAt: now + 3_600_000 });
    await t.store.consents.upsert(account.id, 'app-b', ['openid', 'offline_access'], now);
    const page = await alice.get('/account');
    expect(page.text).toContain('App B');
    const res = await alice.post('/account/apps/disconnect', { _csrf: csrfToken(page.text), client_id: 'app-b' });
    expect(res.status).toBe(303);
    expect((await t.store.grants.find('g1'))?.revokedAt).not.toBeNull();
    expect(await t.store.consents.find(account.id, 'app-b')).toBeUndefined();
    expect((await alice.get('/account')).text).not.toContain('App B');
    expect((await alice.post('/account/apps/disconnect', { _csrf: csrfToken(page.text), client_id: 'app-b' })).status).toBe(404);
  });

  it('signs out everywhere after a confirmation page, and ends on a GET page', async () => {
    const one = await signIn(t);
    const two = await signIn(t);
    const account = await two.get('/account');
    // The account page only links to the question; following it ends nothing.
    expect(account.text).toContain('<form method="get" action="/account/sign-out-everywhere"');
    const ask = await two.get('/account/sign-out-everywhere');
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('Sign out everywhere?');
    expect(ask.text).toMatch(/ends all <strong id="session-count">2<\/strong> session\(s\) of <strong>alice<\/strong>/);
    expect(ask.text).toContain('<a href="/account">Cancel</a>');
    expect((await one.get('/account')).status).toBe(200);

    const res = await two.post('/account/sign-out-everywhere', { _csrf: csrfToken(ask.text) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/signed-out?everywhere=1');
    const page = await two.get(res.headers.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Every session of your account has ended, on all devices.');
    expect((await one.get('/account')).headers.location).toBe('/login');
    expect((await two.get('/account')).headers.location).toBe('/login');
  });

  it('asks a signed-out visitor to sign in before the sign-out-everywhere question', async () => {
    const res = await browser(t.app).get('/account/sign-out-everywhere');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
  });
});
