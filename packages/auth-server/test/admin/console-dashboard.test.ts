import { dashboardStats } from '../../src/admin/services/dashboard.js';
import { activityFlusher, HOUR_MS, TOKENS_ISSUED } from '../../src/observability/activity-counts.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { startConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
beforeAll(async () => {
  f = await startConsoleFixture();
});
afterAll(() => f.close());

const hourOf = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;
const record = (type: string, at: number, n = 1) =>
  Promise.all(Array.from({ length: n }, () => f.ctx.store.audit.record({ type, accountId: f.admin.id, clientId: null, ip: null, detail: null }, at)));
/** The dashboard as a freshly signed-in admin sees it (tests move the clock past the idle timeout). */
const dashboardHtml = async () => (await (await (await f.signIn()).browser.get('/admin')).text());
const series = async (kind: string) => (await dashboardStats(f.ctx.deps)).series.find((s) => s.kind === kind)!;

describe('dashboard', () => {
  test('sign-ins, failures and lockouts per hour match the audit log; older than 24 hours left out', async () => {
    const { browser } = await f.signIn();
    const now = f.ctx.clock();
    const before = await dashboardStats(f.ctx.deps);
    const total = (kind: string) => before.series.find((s) => s.kind === kind)!.total;
    await record('login', now - 2 * HOUR_MS, 3);
    await record('login_failed', now - 2 * HOUR_MS, 2);
    await record('login', now - 5 * HOUR_MS);
    await record('lockout', now - 5 * HOUR_MS);
    await record('login', now - 25 * HOUR_MS, 4); // outside the window
    const stats = await dashboardStats(f.ctx.deps);
    const at = (kind: string, t: number) => stats.series.find((s) => s.kind === kind)!.hours.find((h) => h.hourStart === hourOf(t))?.count;
    expect(stats.series.map((s) => s.hours.length)).toEqual([24, 24, 24, 24]);
    expect(at('sign_ins', now - 2 * HOUR_MS)).toBe(3);
    expect(at('failed_sign_ins', now - 2 * HOUR_MS)).toBe(2);
    expect(at('sign_ins', now - 5 * HOUR_MS)).toBe(1);
    expect(at('lockouts', now - 5 * HOUR_MS)).toBe(1);
    expect(stats.series.find((s) => s.kind === 'sign_ins')!.total).toBe(total('sign_ins') + 4);
    expect(stats.series.find((s) => s.kind === 'lockouts')!.total).toBe(total('lockouts') + 1);

    const html = await (await browser.get('/admin')).text();
    expect(html).toContain(`<strong>Sign-ins</strong>: <span class="total">${total('sign_ins') + 4}</span>`);
    expect(html).toContain(`<strong>Failed sign-ins</strong>: <span class="total">${total('failed_sign_ins') + 2}</span>`);
  });

  test('charts are inline SVG with a title and a description, and no style attributes (CSP)', async () => {
    const html = await dashboardHtml();
    expect(html.match(/<svg class="chart"/g)).toHaveLength(4);
    expect(html).toContain('<title id="chart-sign_ins-title">Sign-ins per hour, last 24 hours</title>');
    expect(html).toMatch(/<desc id="chart-lockouts-desc">\d+ in the last 24 hours; at most \d+ in the hour from \d\d:00 UTC\.<\/desc>/);
    expect(html).toMatch(/<rect class="bar bar-sign_ins" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+"><title>\d\d:00 UTC: \d+<\/title><\/rect>/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/<script/);
  });

  test('tokens issued: in-memory counts flushed additively per hour, by every instance', async () => {
    const metrics = f.ctx.deps.metrics;
    const flusher = activityFlusher(f.ctx.deps);
    const counted = (await metrics.tokensIssued.get()).values.reduce((a, v) => a + v.value, 0);
    expect(counted).toBeGreaterThan(0); // the console's own sign-in
    await flusher.flush();
    const hour0 = hourOf(f.ctx.clock());
    const tokensAt = async (t: number) => (await series(TOKENS_ISSUED)).hours.find((h) => h.hourStart === t)?.count;
    expect(await tokensAt(hour0)).toBe(counted);
    await flusher.flush(); // nothing new: nothing added
    expect(await tokensAt(hour0)).toBe(counted);

    // A second instance with its own counter adds to the same hour.
    const other = createMetrics();
    other.tokensIssued.inc({ grant_type: 'refresh_token' }, 2);
    await activityFlusher({ ...f.ctx.deps, metrics: other }).flush();
    expect(await tokensAt(hour0)).toBe(counted + 2);

    f.ctx.clock.advance(HOUR_MS);
    metrics.tokensIssued.inc({ grant_type: 'client_credentials' }, 5);
    await flusher.flush();
    expect(await tokensAt(hour0 + HOUR_MS)).toBe(5);
    expect((await series(TOKENS_ISSUED)).total).toBe(counted + 7);
    const html = await dashboardHtml();
    expect(html).toContain(`<strong>Tokens issued</strong>: <span class="total">${counted + 7}</span>`);
  });

  test('activity counts older than 30 days are purged with the expired rows', async () => {
    const old = hourOf(f.ctx.clock() - 31 * 24 * HOUR_MS);
    await f.ctx.store.stats.addActivity([{ hourStart: old, kind: TOKENS_ISSUED, count: 9 }]);
    expect(await f.ctx.store.stats.activityHourly(TOKENS_ISSUED, old, old + HOUR_MS)).toEqual([{ hourStart: old, count: 9 }]);
    const result = await f.ctx.store.purgeExpired(f.ctx.clock());
    expect(result.deleted.activity_counts).toBe(1);
    expect(await f.ctx.store.stats.activityHourly(TOKENS_ISSUED, old, old + HOUR_MS)).toEqual([]);
  });

  test('sessions, signing key and outbox are shown', async () => {
    const { browser } = await f.signIn();
    await f.ctx.store.outbox.add({ id: 'mail-1', kind: 'mail', payload: {} }, f.ctx.clock());
    const stats = await dashboardStats(f.ctx.deps);
    expect(stats.activeSessions).toBeGreaterThan(0);
    expect(stats.outbox.pending).toBe(1);
    const current = await f.ctx.deps.keys.current();
    expect(stats.signingKey?.kid).toBe(current.kid);
    expect(stats.signingKey!.rotationDue).toBe(stats.signingKey!.activeFrom + 90 * 24 * HOUR_MS);
    const html = await (await browser.get('/admin')).text();
    expect(html).toContain(`<code id="current-kid">${current.kid}</code>`);
    expect(html).toContain(`<p class="figure" id="active-sessions">${stats.activeSessions}</p>`);
    expect(html).toContain('<span class="figure" id="outbox-pending">1</span>');
    expect(html).toContain('Next rotation due');
  });
});
