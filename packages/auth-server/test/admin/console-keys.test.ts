import { postForm } from '../helpers/browser.js';
import { ADMIN, startConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
beforeAll(async () => {
  f = await startConsoleFixture({ KEY_PUBLISH_AHEAD: '600' });
});
afterAll(() => f.close());

describe('console: signing keys', () => {
  test('lists the keys with their status', async () => {
    const html = await (await f.browser.get('/admin/keys')).text();
    const current = await f.ctx.deps.keys.current();
    expect(html).toContain(`<td class="mono">${current.kid}</td>`);
    expect(html).toContain('<td class="status-ok">current</td>');
    expect(html).toContain('No rotation is scheduled');
  });

  test('rotation is confirmed first, posts with the CSRF token, and is audited with the admin', async () => {
    const confirm = await f.browser.get('/admin/keys/rotate');
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain('<h1>Rotate the signing key</h1>');
    expect(html).toContain('<a class="button secondary" href="/admin/keys">Cancel</a>');
    const form = postForm(html, 'keys/rotate');
    expect(form.fields).toMatchObject({ immediate: '0', _csrf: expect.any(String) as unknown });
    expect(await f.ctx.deps.keys.list()).toHaveLength(1); // nothing happened yet

    expect((await f.browser.post('/admin/keys/rotate', { immediate: '0' })).status).toBe(403);
    expect(await f.ctx.deps.keys.list()).toHaveLength(1);

    const done = await f.browser.post(form.action!, form.fields);
    expect(done.status).toBe(303);
    const page = await (await f.browser.get(done.headers.get('location')!)).text();
    const keys = await f.ctx.deps.keys.list();
    expect(keys).toHaveLength(2);
    const upcoming = keys.find((k) => k.activeFrom > f.ctx.clock())!;
    expect(page).toContain(`New key <code>${upcoming.kid}</code> added.`);
    expect(page).toContain(`Key <code>${upcoming.kid}</code> starts signing at`);
    const [event] = await f.ctx.store.audit.list({ type: 'key_rotated' });
    expect(event?.detail).toMatchObject({ kid: upcoming.kid, immediate: false, by: 'console', admin: ADMIN.username, adminId: f.admin.id });
    const audit = await (await f.browser.get('/admin/audit?type=key_rotated')).text();
    expect(audit).toContain(`<td class="by">${ADMIN.username} (console)</td>`);
  });

  test('rotate now: the new key signs at once', async () => {
    f.ctx.clock.advance(1000); // later than the current key's start: the newest active key signs
    const form = postForm(await (await f.browser.get('/admin/keys/rotate?immediate=1')).text(), 'keys/rotate');
    expect(form.fields.immediate).toBe('1');
    expect((await f.browser.post(form.action!, form.fields)).status).toBe(303);
    const [event] = await f.ctx.store.audit.list({ type: 'key_rotated' });
    f.ctx.deps.keys.refresh();
    expect((await f.ctx.deps.keys.current()).kid).toBe(event?.detail?.kid);
  });
});
