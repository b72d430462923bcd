import { createAccount } from '../../src/accounts/create-account.js';
import { listAuditEvents } from '../../src/admin/services/audit-log.js';
import { Browser, location } from '../helpers/browser.js';
import { signInToConsole, startConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
beforeAll(async () => {
  f = await startConsoleFixture({ KEY_PUBLISH_AHEAD: '3600' });
});
afterAll(() => f.close());

const storedKids = async () => (await f.ctx.store.keys.list()).map((k) => k.kid);
const rotations = async () => (await listAuditEvents(f.ctx.deps, { type: 'key_rotated', limit: 100 })).events;
/** Confirms a rotation the way the console does: the confirmation page's form, with its CSRF token. */
async function confirmRotation(path: '/admin/keys/rotate' | '/admin/keys/rotate-now'): Promise<string> {
  const { browser } = await f.signIn();
  const res = await browser.post(path, { _csrf: await f.csrf(path, browser) });
  expect(res.status).toBe(303);
  const kid = new URL(location(res), f.issuer).searchParams.get('rotated')!;
  const page = await (await browser.get(location(res))).text();
  expect(page).toContain(`New key <code>${kid}</code> published`);
  return kid;
}

describe('signing keys page', () => {
  test('lists the keys with their public facts only, and the next rotation', async () => {
    const current = await f.ctx.deps.keys.current();
    const res = await (await f.signIn()).browser.get('/admin/keys');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<td class="mono">${current.kid}</td>`);
    expect(html).toMatch(/<td>current<\/td>\s*<td>RS256<\/td>/);
    expect(html).toContain('href="/admin/keys/rotate"');
    expect(html).toContain('href="/admin/keys/rotate-now"');
    expect(html).not.toMatch(/"d":|sealed|private/i);
  });

  test('rotate now is confirmed first, saying what it is for and that old tokens stay valid', async () => {
    const res = await (await f.signIn()).browser.get('/admin/keys/rotate-now');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('suspected compromise');
    expect(html).toContain('Tokens the old key already signed stay valid until they expire');
    expect(html).toMatch(/<form method="post" action="\/admin\/keys\/rotate-now" class="actions">\s*<input type="hidden" name="_csrf"/);
  });

  test('rotate without the CSRF token is refused and creates no key', async () => {
    const before = await storedKids();
    const { browser } = await f.signIn();
    expect((await browser.post('/admin/keys/rotate', {})).status).toBe(403);
    expect((await browser.post('/admin/keys/rotate-now', { _csrf: 'forged' })).status).toBe(403);
    expect(await storedKids()).toEqual(before);
  });

  test('rotate publishes a key signing later; the audit log names the admin', async () => {
    const kid = await confirmRotation('/admin/keys/rotate');
    const key = (await f.ctx.store.keys.list()).find((k) => k.kid === kid)!;
    expect(key.activeFrom).toBe(f.ctx.clock() + 3600_000);
    const html = await (await (await f.signIn()).browser.get('/admin/keys')).text();
    expect(html).toContain(`Next rotation: <code>${kid}</code>`);
    const event = (await rotations()).find((e) => e.detail?.kid === kid)!;
    expect(event.by).toBe('root (console)');
    expect(event.detail).toMatchObject({ immediate: false, admin: 'root', adminId: f.admin.id });
    const audit = await (await (await f.signIn()).browser.get('/admin/audit?type=key_rotated')).text();
    expect(audit).toContain(kid);
    expect(audit).toContain('root (console)');
  });

  test('rotate now signs at once and cancels the key waiting from the earlier rotation', async () => {
    const pending = (await f.ctx.store.keys.list()).find((k) => k.activeFrom > f.ctx.clock())!;
    expect(pending).toBeDefined(); // from the previous test
    f.ctx.clock.advance(1000);
    const kid = await confirmRotation('/admin/keys/rotate-now');
    expect((await f.ctx.deps.keys.current()).kid).toBe(kid);
    const html = await (await (await f.signIn()).browser.get('/admin/keys')).text();
    expect(html).toContain('No rotation scheduled');
    expect(html).toMatch(new RegExp(`${pending.kid}</td>\\s*<td>retired</td>\\s*<td>RS256</td>\\s*<td class="mono">[^<]*</td>\\s*<td class="mono">never \\(replaced\\)</td>`));
    expect((await rotations()).find((e) => e.detail?.kid === kid)?.detail).toMatchObject({ immediate: true, admin: 'root' });
    // Still the signer when the cancelled key's time comes.
    f.ctx.clock.set(pending.activeFrom + 1);
    f.ctx.deps.keys.refresh();
    expect((await f.ctx.deps.keys.current()).kid).toBe(kid);
  });

  test('a user without role admin gets 403, and a role taken away refuses the rotation', async () => {
    const user = { username: 'keys-reader', password: 'not-an-admin-password-1' };
    await createAccount(f.ctx.store, f.ctx.clock(), { ...user, roles: [] });
    const page = await signInToConsole(new Browser(f.issuer), user, '/admin/keys');
    expect(page.status).toBe(403);
    expect(await page.text()).not.toContain('<table>');

    const demoted = { username: 'demoted-admin', password: 'another-admin-password-1' };
    const other = await createAccount(f.ctx.store, f.ctx.clock(), { ...demoted, roles: ['admin'] });
    const { browser } = await f.signIn(demoted);
    const csrf = await f.csrf('/admin/keys/rotate', browser);
    await f.ctx.store.accounts.update(other.id, { roles: [] }, f.ctx.clock());
    const before = await storedKids();
    expect((await browser.post('/admin/keys/rotate', { _csrf: csrf })).status).toBe(403);
    expect(await storedKids()).toEqual(before);
  });
});
