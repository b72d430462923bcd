import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from '../../src/accounts/create-account.js';
import { auditBy } from '../../src/admin/actor.js';
import { InvalidInput, NotFound } from '../../src/admin/admin-error.js';
import { listAuditEvents, parseTime } from '../../src/admin/services/audit-log.js';
import { HOUR_MS } from '../../src/observability/activity-counts.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createTempDatabase, describeWithPostgres } from '../helpers/services.js';

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

/** The audit service and the dashboard's grouped counts on one engine. */
function auditSuite(engine: string, open: () => Promise<{ store: Store; cleanup(): Promise<void> }>) {
  describe(`audit log service on ${engine}`, () => {
    let store: Store;
    let handle: { cleanup(): Promise<void> };
    let aliceId: string;
    const svc = () => ({ store });
    const record = (type: string, at: number, over: { accountId?: string | null; clientId?: string | null; detail?: Record<string, unknown> } = {}) =>
      store.audit.record({ type, accountId: over.accountId ?? null, clientId: over.clientId ?? null, ip: '10.0.0.1', detail: over.detail ?? null }, at);

    beforeAll(async () => {
      handle = await open();
      store = (handle as unknown as { store: Store }).store;
      aliceId = (await createAccount(store, T0, { username: 'alice', password: 'correct-horse-staple-9' })).id;
      const bob = await createAccount(store, T0, { username: 'bob', password: 'correct-horse-staple-9' });
      await record('login', T0 - 3 * HOUR_MS, { accountId: aliceId, clientId: 'app-a' });
      await record('login_failed', T0 - 2 * HOUR_MS, { accountId: aliceId, clientId: 'app-b' });
      await record('login', T0 - HOUR_MS, { accountId: bob.id, clientId: 'app-a' });
      // Seven events in the same millisecond: the cursor must still page through them exactly once.
      for (let i = 0; i < 7; i++) await record('role_granted', T0, { accountId: bob.id, detail: { role: `r${i}`, ...auditBy({ kind: 'admin', accountId: aliceId, username: 'alice', via: 'console' }) } });
    });
    afterAll(() => handle.cleanup());

    test('newest first; filters by type, user, client and time', async () => {
      const all = await listAuditEvents(svc(), {});
      expect(all.events.map((e) => e.type)).toEqual([...Array.from({ length: 7 }, () => 'role_granted'), 'login', 'login_failed', 'login']);
      expect((await listAuditEvents(svc(), { type: 'login' })).events.map((e) => e.username)).toEqual(['bob', 'alice']);
      expect((await listAuditEvents(svc(), { user: 'alice' })).events.map((e) => e.type)).toEqual(['login_failed', 'login']);
      expect((await listAuditEvents(svc(), { client: 'app-a' })).events.map((e) => e.username)).toEqual(['bob', 'alice']);
      expect((await listAuditEvents(svc(), { user: 'alice', client: 'app-a' })).events).toHaveLength(1);
      const window = await listAuditEvents(svc(), { from: T0 - 2 * HOUR_MS, to: T0 });
      expect(window.events.map((e) => e.type)).toEqual(['login', 'login_failed']);
    });

    test('admin actions name the admin', async () => {
      const [e] = (await listAuditEvents(svc(), { type: 'role_granted', limit: 1 })).events;
      expect(e).toMatchObject({ username: 'bob', by: 'alice (console)' });
    });

    test('cursor pages are stable: every event once, in order, even with events added meanwhile', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await listAuditEvents(svc(), { limit: 3, cursor });
        if (pages === 0) await record('logout', T0 + 1000, { accountId: aliceId }); // newer: not on later pages
        seen.push(...page.events.map((e) => e.id));
        cursor = page.next ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(4);
      expect(new Set(seen).size).toBe(10);
      const expected = (await store.audit.list({ limit: 100 })).map((e) => e.id).filter((id) => seen.includes(id));
      expect(seen).toEqual(expected);
    });

    test('refusals: unknown type, unknown user, limit over 200, a forged cursor, from after to', async () => {
      await expect(listAuditEvents(svc(), { type: 'nosuchtype' })).rejects.toThrow(/^Unknown audit event type nosuchtype; known types: .*\blogin\b/);
      await expect(listAuditEvents(svc(), { type: 'nosuchtype' })).rejects.toBeInstanceOf(InvalidInput);
      await expect(listAuditEvents(svc(), { user: 'nobody' })).rejects.toBeInstanceOf(NotFound);
      await expect(listAuditEvents(svc(), { limit: 201 })).rejects.toThrow(/limit must be a whole number from 1 to 200/);
      await expect(listAuditEvents(svc(), { cursor: 'bm90IGEgY3Vyc29y' })).rejects.toThrow(/cursor/);
      await expect(listAuditEvents(svc(), { from: T0, to: T0 - 1 })).rejects.toThrow(/from must be before to/);
    });

    test('hourly counts for the dashboard: one grouped query per type', async () => {
      const rows = await store.stats.auditHourly('login', T0 - 24 * HOUR_MS, T0 + HOUR_MS);
      expect(rows.sort((a, b) => a.hourStart - b.hourStart)).toEqual([
        { hourStart: T0 - 3 * HOUR_MS, count: 1 },
        { hourStart: T0 - HOUR_MS, count: 1 },
      ]);
      await store.stats.addActivity([{ hourStart: T0, kind: 'tokens_issued', count: 2 }]);
      await store.stats.addActivity([{ hourStart: T0, kind: 'tokens_issued', count: 3 }]);
      expect(await store.stats.activityHourly('tokens_issued', T0, T0 + HOUR_MS)).toEqual([{ hourStart: T0, count: 5 }]);
    });
  });
}

test('time filters: ISO 8601 or a span back from now; anything else is refused', () => {
  expect(parseTime('24h', T0, 'from')).toBe(T0 - 24 * HOUR_MS);
  expect(parseTime('7d', T0, 'from')).toBe(T0 - 7 * 24 * HOUR_MS);
  expect(parseTime('2026-01-15T10:00:00Z', T0, 'from')).toBe(T0 - 2 * HOUR_MS);
  expect(() => parseTime('yesterday', T0, 'from')).toThrow(InvalidInput);
});

auditSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-log-'));
  const store = await openStore({ sqlitePath: join(dir, 'auth.db') });
  return { store, cleanup: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
});

describeWithPostgres('PostgreSQL', () => {
  auditSuite('PostgreSQL', async () => {
    const db = await createTempDatabase();
    const store = await openStore({ databaseUrl: db.url, poolSize: 3 });
    return { store, cleanup: async () => (await store.close(), await db.drop()) };
  });
});
