import { auditBy } from '../../src/admin/actor.js';
import type { AuditEntry } from '../../src/admin/services/audit-log.js';

type AuditPage = { items: (Omit<AuditEntry, 'createdAt'> & { createdAt: string })[]; nextCursor: string | null };
interface StatsAnswer { series: { kind: string; hours: { hourStart: string; count: number }[] }[]; activeSessions: number; from: string }
import { runCli } from '../../src/cli/index.js';
import { startAdminFixture, type AdminFixture } from './admin-fixture.js';
import { signInToConsole } from './console-fixture.js';
import { Browser } from '../helpers/browser.js';

/** The audit log through the admin API, the console page and the CLI: one service behind all three. */
let f: AdminFixture;
let browser: Browser;
beforeAll(async () => {
  f = await startAdminFixture();
  const now = f.ctx.clock();
  const by = auditBy({ kind: 'admin', accountId: f.admin.id, username: 'ada', via: 'console' });
  for (let i = 0; i < 60; i++) {
    await f.ctx.store.audit.record({ type: 'role_granted', accountId: f.user.id, clientId: null, ip: '10.0.0.9', detail: { role: `r${i}`, ...by } }, now - 3_600_000 + i);
  }
  await f.ctx.store.audit.record({ type: 'client_created', accountId: null, clientId: 'app-x', ip: null, detail: { by: 'cli' } }, now - 7_200_000);
  browser = new Browser(f.issuer);
  expect((await signInToConsole(browser, { username: 'ada', password: 'admin-password-for-tests-1' })).status).toBe(200);
});
afterAll(() => f.close());

describe('admin API GET /admin/api/audit', () => {
  test('filters and pages', async () => {
    const token = await f.adminToken(['admin:read']);
    const first = await f.call<AuditPage>('get', '/audit?type=role_granted&user=bob&limit=50', { token });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items[0]).toMatchObject({ type: 'role_granted', username: 'bob', by: 'ada (console)', detail: { role: 'r59' } });
    expect(first.body.items[0]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const second = await f.call<AuditPage>('get', `/audit?type=role_granted&user=bob&limit=50&cursor=${first.body.nextCursor}`, { token });
    expect(second.body.items.map((e) => e.detail?.role)).toEqual(Array.from({ length: 10 }, (_, i) => `r${9 - i}`));
    expect(second.body.nextCursor).toBeNull();
    const byClient = await f.call<AuditPage>('get', '/audit?client=app-x&from=1d', { token });
    expect(byClient.body.items.map((e) => [e.type, e.by])).toEqual([['client_created', 'cli']]);
  });

  test('bad filters are 400 invalid_input, an unknown user 404, no token 401', async () => {
    const token = await f.adminToken(['admin:read']);
    const bad = await f.call<{ error: string; error_description: string }>('get', '/audit?type=nosuchtype', { token });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_input', error_description: expect.stringMatching(/^Unknown audit event type nosuchtype/) as unknown });
    expect((await f.call('get', '/audit?limit=500', { token })).status).toBe(400);
    expect((await f.call('get', '/audit?from=yesterday', { token })).status).toBe(400);
    expect((await f.call('get', '/audit?user=nobody', { token })).status).toBe(404);
    expect((await f.call('get', '/audit')).status).toBe(401);
  });

  test('GET /admin/api/stats answers the dashboard figures', async () => {
    const res = await f.call<StatsAnswer>('get', '/stats', { token: await f.adminToken(['admin:read']) });
    expect(res.status).toBe(200);
    expect(res.body.series.map((s) => s.kind)).toEqual(['sign_ins', 'failed_sign_ins', 'lockouts', 'tokens_issued']);
    expect(res.body.series[0]!.hours).toHaveLength(24);
    expect(res.body.activeSessions).toBeGreaterThan(0);
    expect(res.body.from).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
    expect(res.body.series[0]!.hours[0]!.hourStart).toBe(res.body.from);
  });
});

describe('console page /admin/audit', () => {
  test('shows who did it, filters with a GET form, links to the next page', async () => {
    const page = await browser.get('/admin/audit?type=role_granted&user=bob');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form class="filters" method="get" action="/admin/audit">');
    expect(html).toContain('<option value="role_granted" selected>role_granted</option>');
    expect(html.match(/<td class="by">ada \(console\)<\/td>/g)).toHaveLength(50);
    const next = /<a rel="next" href="([^"]+)">/.exec(html)![1]!.replace(/&amp;/g, '&');
    expect(next).toMatch(/^\/admin\/audit\?type=role_granted&user=bob&cursor=/);
    const older = await (await browser.get(next)).text();
    expect(older.match(/<td class="by">/g)).toHaveLength(10);
    expect(older).not.toContain('rel="next"');
  });

  test('a bad filter is shown on the page with its status, the form keeps what was typed', async () => {
    const res = await browser.get('/admin/audit?user=nobody&client=app-x');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('No user named nobody');
    expect(html).toContain('name="client" value="app-x"');
    expect((await browser.get('/admin/audit?from=not-a-time')).status).toBe(400);
  });
});

describe('CLI audit', () => {
  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const env = { NODE_ENV: 'test', SQLITE_PATH: f.ctx.config.sqlitePath };
    const code = await runCli(argv, env, { log: (l) => void out.push(l) }, { log: (l) => void err.push(l) });
    return { code, out, err };
  }

  test('--user, --client, --since filter; more than one service page is walked', async () => {
    const r = await cli('audit', '--user', 'bob', '--type', 'role_granted', '--limit', '300');
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(60);
    expect(r.out[0]).toMatch(/\trole_granted\tuser=bob ip=10\.0\.0\.9\t.*"admin":"ada"/);
    expect((await cli('audit', '--client', 'app-x')).out).toEqual([expect.stringMatching(/\tclient_created\tclient=app-x\t/) as unknown]);
    expect((await cli('audit', '--client', 'app-x', '--since', '1h')).out).toEqual(['No audit events.']);
  });

  test('an unknown user or a bad --since is a usage error (exit 2)', async () => {
    expect(await cli('audit', '--user', 'nobody')).toMatchObject({ code: 2, err: ['Error: No user named nobody'] });
    expect((await cli('audit', '--since', 'yesterday')).code).toBe(2);
  });
});
