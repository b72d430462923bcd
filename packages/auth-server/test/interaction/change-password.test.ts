import { Browser, location, postForm } from '../helpers/browser.js';
import { startOidcFixture, USER, type OidcFixture } from '../oidc/oidc.fixture.js';

let f: OidcFixture;
beforeAll(async () => {
  f = await startOidcFixture();
});
afterAll(() => f.close());

async function signIn(password = USER.password): Promise<{ browser: Browser; status: number }> {
  const browser = new Browser(f.issuer);
  const form = postForm(await (await browser.get('/login')).text(), 'password');
  const res = await browser.post('/login', { ...form.fields, username: USER.username, password });
  return { browser, status: res.status };
}

async function change(browser: Browser, fields: Record<string, string>) {
  const form = postForm(await (await browser.get('/account/password')).text(), 'new_password');
  return browser.post('/account/password', { ...form.fields, ...fields });
}

test('changing the password checks the current one and the policy, then ends every other session', async () => {
  const { browser: here } = await signIn();
  const { browser: elsewhere } = await signIn();
  expect((await elsewhere.get('/account')).status).toBe(200);

  const wrong = await change(here, { current_password: 'not-my-password', new_password: 'a-brand-new-secret-42', confirm_password: 'a-brand-new-secret-42' });
  expect(wrong.status).toBe(400);
  expect(await wrong.text()).toContain('current password is not correct');
  // A wrong current password is a failed login like any other: audited, and counted for the lockout.
  const failures = await f.ctx.store.audit.list({ type: 'login_failed' });
  expect(failures[0]).toMatchObject({ accountId: f.account.id, detail: { reason: 'bad_password' } });

  const weak = await change(here, { current_password: USER.password, new_password: 'password123', confirm_password: 'password123' });
  expect(weak.status).toBe(400);
  expect(await weak.text()).toContain('too common');

  const typo = await change(here, { current_password: USER.password, new_password: 'a-brand-new-secret-42', confirm_password: 'a-brand-new-secret-24' });
  expect(typo.status).toBe(400);
  expect(await typo.text()).toContain('The two passwords differ');

  const same = await change(here, { current_password: USER.password, new_password: USER.password, confirm_password: USER.password });
  expect(same.status).toBe(400);
  expect(await same.text()).toContain('must differ from the current one');

  const ok = await change(here, { current_password: USER.password, new_password: 'a-brand-new-secret-42', confirm_password: 'a-brand-new-secret-42' });
  expect(ok.status).toBe(303);
  expect(location(ok)).toBe('/account?done=password-changed');
  expect(await (await here.get('/account?done=password-changed')).text()).toContain('Your password has been changed');
  // The other browser's session is over; this one stays signed in.
  expect((await elsewhere.get('/account')).status).toBe(303);

  expect((await signIn(USER.password)).status).toBe(401);
  expect((await signIn('a-brand-new-secret-42')).status).toBe(303);
  const audit = await f.ctx.store.audit.list({ type: 'password_changed' });
  expect(audit).toHaveLength(1);
  expect(JSON.stringify(audit)).not.toContain('a-brand-new-secret-42');
});

test('the form needs a session and its CSRF token', async () => {
  const anonymous = new Browser(f.issuer);
  expect(location(await anonymous.get('/account/password'))).toBe('/login');
  const { browser } = await signIn('a-brand-new-secret-42');
  const forged = await browser.post('/account/password', { current_password: 'x', new_password: 'y', _csrf: 'forged' });
  expect(forged.status).toBe(403);
});
