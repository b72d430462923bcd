import { CLI_ACTOR } from '../../src/admin/actor.js';
import { searchUsers } from '../../src/admin/services/users.js';
import type { ServiceContext } from '../../src/admin/service-context.js';
import { manualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { createKeyStore } from '../../src/keys/db-key-store.js';
import { createLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createTempDatabase, describeWithPostgres } from '../helpers/services.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const caller = { actor: CLI_ACTOR };

/** The same search rules on both engines: prefix ranges, keyset pages, role and status filters. */
function searchContract(open: () => Promise<{ store: Store; close(): Promise<void> }>) {
  let svc: ServiceContext;
  let close: () => Promise<void>;
  const clock = manualClock(1_800_000_000_000);
  beforeAll(async () => {
    const opened = await open();
    close = () => opened.close();
    const config = loadConfig({ NODE_ENV: 'test', SQLITE_PATH: ':memory:' });
    svc = { store: opened.store, clock, config, logger: createLogger('silent'), keys: createKeyStore({ store: opened.store, clock, config }), fetch };
    const now = clock();
    for (let i = 0; i < 120; i++) {
      const username = `user-${String(i).padStart(3, '0')}`;
      await opened.store.accounts.create({ id: `id-${i}`, username, email: `${username}@example.com`, name: null, passwordHash: 'h', roles: i % 10 === 0 ? ['admin'] : [] }, now);
    }
    await opened.store.accounts.create({ id: 'id-zed', username: 'zed', email: 'boss@corp.example', name: 'Zed', passwordHash: 'h', roles: ['admin_x'] }, now);
    await opened.store.accounts.update('id-5', { disabledAt: now }, now);
    await opened.store.accounts.update('id-7', { lockedUntil: now + 60_000, failedLogins: 5 }, now);
    await opened.store.accounts.update('id-8', { lockedUntil: now - 1, failedLogins: 5 }, now); // expired lock
  });
  afterAll(() => close());

  test('pages through everyone in username order with a cursor, 50 by default', async () => {
    const first = await searchUsers(svc, caller, {});
    expect(first.users).toHaveLength(50);
    expect(first.users[0]).toMatchObject({ username: 'user-000', roles: ['admin'], status: 'active' });
    const seen = [...first.users];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await searchUsers(svc, caller, { cursor, limit: 50 });
      seen.push(...page.users);
      cursor = page.nextCursor;
    }
    expect(seen.map((u) => u.username)).toEqual([...Array.from({ length: 120 }, (_, i) => `user-${String(i).padStart(3, '0')}`), 'zed']);
  });

  test('a username prefix, or an e-mail prefix when the search has "@"', async () => {
    const byName = await searchUsers(svc, caller, { q: 'USER-11' });
    expect(byName.users.map((u) => u.username)).toEqual(Array.from({ length: 10 }, (_, i) => `user-11${i}`));
    expect(byName.nextCursor).toBeNull();
    expect((await searchUsers(svc, caller, { q: 'boss@' })).users.map((u) => u.username)).toEqual(['zed']);
    const paged = await searchUsers(svc, caller, { q: 'user-0', limit: 60 });
    expect(paged.users).toHaveLength(60);
    const rest = await searchUsers(svc, caller, { q: 'user-0', cursor: paged.nextCursor!, limit: 60 });
    expect(rest.users.map((u) => u.username)).toEqual(Array.from({ length: 40 }, (_, i) => `user-0${60 + i}`));
    expect((await searchUsers(svc, caller, { q: 'nobody' })).users).toEqual([]);
  });

  test('filters by exact role and by status', async () => {
    const admins = await searchUsers(svc, caller, { role: 'admin', limit: 100 });
    expect(admins.users.map((u) => u.username)).toEqual(Array.from({ length: 12 }, (_, i) => `user-${String(i * 10).padStart(3, '0')}`));
    expect((await searchUsers(svc, caller, { status: 'disabled' })).users.map((u) => [u.username, u.status])).toEqual([['user-005', 'disabled']]);
    expect((await searchUsers(svc, caller, { status: 'locked' })).users.map((u) => [u.username, u.status])).toEqual([['user-007', 'locked']]);
    expect((await searchUsers(svc, caller, { q: 'user-00', role: 'admin' })).users.map((u) => u.username)).toEqual(['user-000']);
    // An e-mail search with a role: e-mail order, each candidate checked for the role.
    expect((await searchUsers(svc, caller, { q: 'user-01', role: 'admin' })).users.map((u) => u.username)).toEqual(['user-010']);
    expect((await searchUsers(svc, caller, { q: 'user-010@', role: 'admin' })).users.map((u) => u.username)).toEqual(['user-010']);
    expect((await searchUsers(svc, caller, { q: 'user-011@', role: 'admin' })).users).toEqual([]);
    expect((await searchUsers(svc, caller, { q: 'boss@', role: 'admin_x' })).users.map((u) => u.username)).toEqual(['zed']);
    // Roles are kept in step: a revoked role leaves the filter at once.
    await svc.store.accounts.update('id-10', { roles: [] }, clock());
    expect((await searchUsers(svc, caller, { q: 'user-01', role: 'admin' })).users).toEqual([]);
    await svc.store.accounts.update('id-10', { roles: ['admin'] }, clock());
  });

  test('refuses a bad limit, role or a cursor from another search', async () => {
    await expect(searchUsers(svc, caller, { limit: 101 })).rejects.toMatchObject({ code: 'invalid_input', field: 'limit' });
    await expect(searchUsers(svc, caller, { limit: 0 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(searchUsers(svc, caller, { role: 'Not A Role' })).rejects.toMatchObject({ code: 'invalid_input', field: 'role' });
    const { nextCursor } = await searchUsers(svc, caller, { limit: 1 });
    await expect(searchUsers(svc, caller, { q: 'a@', cursor: nextCursor! })).rejects.toMatchObject({ code: 'invalid_input', field: 'cursor' });
    await expect(searchUsers(svc, caller, { cursor: 'garbage' })).rejects.toMatchObject({ code: 'invalid_input', field: 'cursor' });
  });
}

describe('admin user search on SQLite', () => {
  searchContract(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'user-search-'));
    const store = await openStore({ sqlitePath: join(dir, 'auth.db') });
    return { store, close: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
  });
});

describeWithPostgres('admin user search on PostgreSQL', () => {
  searchContract(async () => {
    const db = await createTempDatabase();
    const store = await openStore({ databaseUrl: db.url });
    return { store, close: async () => { await store.close(); await db.drop(); } };
  });
});
