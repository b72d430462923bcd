import { createAccount } from '../../src/accounts/create-account.js';
import type { Account } from '../../src/accounts/account.js';
import { startConsoleFixture, type ConsoleFixture } from './console-fixture.js';

const OLD = 'user-password-for-tests-22';
const NEW = 'a brand new passphrase';
const MISTYPED = 'a brand new passphrase!';

describe('console: set a user\'s password', () => {
  let f: ConsoleFixture;
  let bob: Account;
  beforeAll(async () => {
    f = await startConsoleFixture();
    bob = await createAccount(f.ctx.store, f.ctx.clock(), { username: 'bob', password: OLD });
  });
  afterAll(() => f.close());
  const page = () => `/admin/users/${bob.id}/password`;
  const post = async (fields: Record<string, string>) => f.browser.post(page(), { _csrf: await f.csrf(page()), ...fields });
  const onLoginPage = async (password: string) => /name="password"/.test(await (await f.signIn({ username: 'bob', password })).page.text());

  it('the user page links to a form that says every session ends', async () => {
    expect(await (await f.browser.get(`/admin/users/${bob.id}`)).text()).toContain(`href="${page()}"`);
    const html = await (await f.browser.get(page())).text();
    expect(html).toContain('signed out on every device');
    expect(html.match(/autocomplete="new-password"/g)).toHaveLength(2);
    expect(html).toContain('name="_csrf"');
  });

  it('refuses a POST without the CSRF token', async () => {
    const res = await f.browser.post(page(), { password: NEW, confirm: NEW });
    expect(res.status).toBe(403);
    expect(await f.ctx.store.audit.list({ type: 'password_reset' })).toHaveLength(0);
  });

  it('shows a refusal without the password: mismatch, policy', async () => {
    const differ = await post({ password: NEW, confirm: MISTYPED });
    expect(differ.status).toBe(400);
    const html = await differ.text();
    expect(html).toContain('The two passwords differ.');
    expect(html).not.toContain(NEW);
    const weak = await post({ password: 'bob-is-me-123', confirm: 'bob-is-me-123' });
    expect(weak.status).toBe(400);
    expect(await weak.text()).not.toContain('bob-is-me-123');
    expect(await f.ctx.store.audit.list({ type: 'password_reset' })).toHaveLength(0);
  });

  it('sets it: the result counts what ended, the old password no longer signs in, audited with the admin', async () => {
    expect(await onLoginPage(OLD)).toBe(false); // bob signed in once: one session (the console itself refuses bob)
    const res = await post({ password: NEW, confirm: NEW });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Sessions ended: 1.');
    expect(html).not.toContain(NEW);
    expect((await f.ctx.store.audit.list({ type: 'password_reset' }))[0]?.detail).toMatchObject({ by: 'console', admin: 'root', sessionsEnded: 1 });
    expect(await onLoginPage(OLD)).toBe(true);
    expect(await onLoginPage(NEW)).toBe(false);
  });

  it("refuses the admin's own password, pointing to the account page", async () => {
    const own = `/admin/users/${f.admin.id}/password`;
    const res = await f.browser.post(own, { _csrf: await f.csrf(own), password: NEW, confirm: NEW });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('/account/password');
  });
});
