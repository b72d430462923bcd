import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistry } from '../apis/registry.js';
import { cachedApis } from './cached-apis.js';
import { openStore } from './open-store.js';
import type { Store } from './types.js';
import type { NewApi } from '../apis/api.js';

const api = (identifier: string, scope: string): NewApi => ({
  identifier,
  name: 'Notes',
  scopes: [{ name: scope, description: 'Read notes' }],
  accessTokenTtl: null,
  includeRoles: false,
  secretHash: null,
});
const issuer = { issuer: 'https://sso.test' };

describe('API registry cache', () => {
  let dir: string;
  let one: Store;
  let other: Store;
  let now = 0;
  let apis: Store['apis'];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'api-cache-'));
    // Two instances on one database, neither caching on its own: the cache under test sits on `one`.
    one = await openStore({ sqlitePath: join(dir, 'auth.db'), clientCacheMs: 0 });
    other = await openStore({ sqlitePath: join(dir, 'auth.db'), clientCacheMs: 0 });
    apis = cachedApis(one.apis, one.changes, 1000, () => now);
  });
  afterEach(async () => {
    await Promise.all([one.close(), other.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a change made by another process on the SQLite file is seen once the list is older than its lifetime', async () => {
    await apis.create(api('https://notes.test', 'notes:read'), 1);
    expect((await apis.list()).map((a) => a.identifier)).toEqual(['https://notes.test']);
    await other.apis.create(api('https://files.test', 'files:read'), 2);
    now += 999;
    expect(await apis.list()).toHaveLength(1);
    now += 2;
    expect((await apis.list()).map((a) => a.identifier)).toEqual(['https://files.test', 'https://notes.test']);
  });

  test('a change through the same store is seen at once', async () => {
    await apis.create(api('https://notes.test', 'notes:read'), 1);
    await apis.list();
    await apis.update('https://notes.test', { scopes: [{ name: 'notes:write', description: 'Write notes' }] }, 2);
    expect((await apis.list())[0]?.scopes.map((s) => s.name)).toEqual(['notes:write']);
    expect(await apis.delete('https://notes.test')).toBe(true);
    expect(await apis.list()).toEqual([]);
  });

  test('the registry is built once per cached list and rebuilt when the list changes', async () => {
    await apis.create(api('https://notes.test', 'notes:read'), 1);
    const first = await loadRegistry({ apis }, issuer);
    expect(await loadRegistry({ apis }, issuer)).toBe(first);
    await apis.update('https://notes.test', { scopes: [{ name: 'notes:write', description: 'Write notes' }] }, 2);
    const second = await loadRegistry({ apis }, issuer);
    expect(second).not.toBe(first);
    expect(second.apiOf('notes:write')?.identifier).toBe('https://notes.test');
    expect(second.known('notes:read')).toBe(false);
  });

  test('the cached list cannot be changed by a caller', async () => {
    await apis.create(api('https://notes.test', 'notes:read'), 1);
    await expect(apis.list().then((l) => l.push(l[0]!))).rejects.toThrow(TypeError);
  });
});
