import { createAccount } from '../../src/accounts/create-account.js';
import type { Account } from '../../src/accounts/account.js';
import { location } from '../helpers/browser.js';
import { startConsoleFixture, type ConsoleFixture } from './console-fixture.js';

describe('console: users pages', () => {
  let f: ConsoleFixture;
  let bob: Account;
  beforeAll(async () => {
    f = await startConsoleFixture();
    bob = await createAccount(f.ctx.store, f.ctx.clock(), { username: 'bob', password: 'user-password-for-tests-22', email: 'bob@example.com' });
  });
  afterAll(() => f.close());
  const bobPage = () => `/admin/users/${bob.id}`;
  const post = async (path: string, fields: Record<string, string> = {}) => f.browser.post(path, { _csrf: await f.csrf(bobPage()), ...fields });

  it('lists and searches users, with a link to each', async () => {
    const list = await f.browser.get('/admin/users');
    const html = await list.text();
    expect(list.status).toBe(200);
    expect(html).toContain(`href="/admin/users/${bob.id}"`);
    expect(html).toContain(`href="/admin/users/${f.admin.id}"`);
    const found = await (await f.browser.get('/admin/users?q=bo')).text();
    expect(found).toContain('bob@example.com');
    expect(found).not.toContain(`href="/admin/users/${f.admin.id}"`);
    const bad = await f.browser.get('/admin/users?role=Not%20A%20Role');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Role names');
  });

  it('shows one user with sessions and connected apps; an unknown one is a 404 page', async () => {
    const now = f.ctx.clock();
    await f.ctx.store.sessions.create({ idHash: 'h-bob', sid: 'sid-bob', accountId: bob.id, authTime: now, createdAt: now, lastSeenAt: now, expiresAt: now + 3_600_000, userAgent: 'Firefox', ip: '198.51.100.4' });
    const html = await (await f.browser.get(bobPage())).text();
    expect(html).toContain('<h1>bob</h1>');
    expect(html).toContain('sid-bob');
    expect(html).not.toContain('h-bob');
    expect(html).toContain('No connected apps.');
    const missing = await f.browser.get('/admin/users/nobody');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<a href="/admin/users">Back to Users</a>');
  });

  it('refuses an action without the CSRF token', async () => {
    const res = await f.browser.post(`${bobPage()}/unlock`, {});
    expect(res.status).toBe(403);
    expect(await f.ctx.store.audit.list({ type: 'account_unlocked' })).toHaveLength(0);
  });

  it('a destructive action asks first, then runs and is audited with the admin', async () => {
    const ask = await post(`${bobPage()}/disable`);
    expect(ask.status).toBe(200);
    const confirm = await ask.text();
    expect(confirm).toContain('Disable bob?');
    expect(confirm).toContain('name="confirmed" value="1"');
    expect((await f.ctx.store.accounts.findById(bob.id))?.disabledAt).toBeNull();
    const done = await post(`${bobPage()}/disable`, { confirmed: '1' });
    expect(done.status).toBe(303);
    expect(location(done)).toBe(`${bobPage()}?done=disabled`);
    expect((await f.ctx.store.accounts.findById(bob.id))?.disabledAt).not.toBeNull();
    expect((await f.ctx.store.sessions.findBySid('sid-bob'))?.endedAt).not.toBeNull();
    expect((await f.ctx.store.audit.list({ type: 'account_disabled' }))[0]?.detail).toMatchObject({ by: 'console', admin: 'root' });
    expect(await (await f.browser.get(location(done))).text()).toContain('The user is disabled');
    expect((await post(`${bobPage()}/enable`)).status).toBe(303);
    expect((await f.ctx.store.accounts.findById(bob.id))?.disabledAt).toBeNull();
  });

  it('grants and revokes a role, requires MFA, edits the profile; a bad role is shown as an error', async () => {
    expect((await post(`${bobPage()}/grant-role`, { role: 'auditor' })).status).toBe(303);
    expect((await f.ctx.store.accounts.findById(bob.id))?.roles).toEqual(['auditor']);
    expect((await post(`${bobPage()}/revoke-role`, { role: 'auditor' })).status).toBe(303);
    expect((await post(`${bobPage()}/mfa`, { required: '1' })).status).toBe(303);
    expect(await f.ctx.store.mfaRequirements.has('account', bob.id)).toBe(true);
    expect((await post(`${bobPage()}/edit`, { name: 'Robert', email: 'bob@example.com' })).status).toBe(303);
    expect((await f.ctx.store.accounts.findById(bob.id))?.name).toBe('Robert');
    const bad = await post(`${bobPage()}/grant-role`, { role: 'Not A Role' });
    expect(bad.status).toBe(400);
    const page = await bad.text();
    expect(page).toContain('Role names');
    // The way back from a refused action is the user's page, not the dashboard.
    expect(page).toContain(`<a href="${bobPage()}">Back to the page you came from</a>`);
  });

  it('creates a user from the form; errors keep what was typed', async () => {
    const token = await f.csrf('/admin/users/new');
    const made = await f.browser.post('/admin/users/new', { _csrf: token, username: 'cleo', email: 'cleo@example.com', roles: 'staff, auditor', password: '' });
    expect(made.status).toBe(303);
    expect(location(made)).toMatch(/\?done=invited$/);
    expect((await f.ctx.store.accounts.findByUsername('cleo'))?.roles).toEqual(['staff', 'auditor']);
    const dup = await f.browser.post('/admin/users/new', { _csrf: await f.csrf('/admin/users/new'), username: 'cleo', email: 'c2@example.com', password: 'correct horse battery' });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('value="c2@example.com"');
  });
});
