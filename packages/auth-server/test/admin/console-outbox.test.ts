import { Browser } from '../helpers/browser.js';
import { startConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
beforeAll(async () => {
  f = await startConsoleFixture();
  const now = f.ctx.clock();
  await f.ctx.store.outbox.add({ id: 'm1', kind: 'mail', payload: { to: 'bob@example.com', subject: 'Sign in', text: 'https://x.example/?token=secret-link-token', html: '' } }, now);
  await f.ctx.store.outbox.add({ id: 'l1', kind: 'backchannel_logout', payload: { clientId: 'app', sub: 'u', sid: 's1' } }, now);
  await f.ctx.store.outbox.claim('l1', 'me', now, now + 1000);
  await f.ctx.store.outbox.finish('l1', 'me', { status: 'sent' }, now);
});
afterAll(() => f.close());

describe('outbox page', () => {
  test('lists pending items without their content, linked from the nav; "show sent too" adds sent ones', async () => {
    const res = await f.browser.get('/admin/outbox');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<a href="/admin/outbox" aria-current="page">Outbox</a>');
    expect(html).toMatch(/<td>pending<\/td>\s*<td>mail<\/td>\s*<td>to=bob@example.com subject=Sign in<\/td>/);
    expect(html).not.toContain('secret-link-token');
    expect(html).not.toContain('client=app');
    expect(html).toContain('href="/admin/outbox?all=true">Show sent too</a>');

    const all = await (await f.browser.get('/admin/outbox?all=true')).text();
    expect(all).toMatch(/<td>sent<\/td>\s*<td>backchannel_logout<\/td>\s*<td>client=app sid=s1<\/td>/);
    expect(all).toContain('to=bob@example.com');
  });

  test('is behind the console sign-in', async () => {
    const res = await new Browser(f.issuer).get('/admin/outbox');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/authorize');
  });
});
