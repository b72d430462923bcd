import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedClients } from './cached-clients.js';
import { openStore } from './open-store.js';
import type { Store } from './types.js';
import type { NewClient } from '../clients/client.js';

const client = (clientId: string): NewClient => ({
  clientId,
  name: 'Before',
  secretHash: 'sha256:x',
  redirectUris: ['https://rp.example/cb'],
  postLogoutRedirectUris: [],
  backchannelLogoutUri: null,
  grantTypes: ['client_credentials'],
  scopes: ['notes:read'],
  firstParty: true,
});

describe('client lookup cache', () => {
  let dir: string;
  let one: Store;
  let other: Store;
  let now = 0;
  let clients: Store['clients'];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'client-cache-'));
    // Two instances on one database, neither caching on its own: the cache under test sits on `one`.
    one = await openStore({ sqlitePath: join(dir, 'auth.db'), clientCacheMs: 0 });
    other = await openStore({ sqlitePath: join(dir, 'auth.db'), clientCacheMs: 0 });
    clients = cachedClients(one.clients, one.changes, 1000, () => now);
  });
  afterEach(async () => {
    await Promise.all([one.close(), other.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('a change made by another process on the SQLite file is seen once the entry is older than its lifetime', async () => {
    await clients.create(client('svc'), 1);
    expect((await clients.findById('svc'))?.name).toBe('Before');
    await other.clients.update('svc', { name: 'After' }, 2);
    now += 999;
    expect((await clients.findById('svc'))?.name).toBe('Before');
    now += 2;
    expect((await clients.findById('svc'))?.name).toBe('After');
    await other.clients.delete('svc');
    now += 1001;
    expect(await clients.findById('svc')).toBeUndefined();
  });

  test('a change through the same store is seen at once', async () => {
    await clients.create(client('svc'), 1);
    await clients.findById('svc');
    await clients.update('svc', { secretHash: 'sha256:rotated' }, 2);
    expect((await clients.findById('svc'))?.secretHash).toBe('sha256:rotated');
    expect(await clients.delete('svc')).toBe(true);
    expect(await clients.findById('svc')).toBeUndefined();
  });

  test('unknown ids are not cached: a client registered elsewhere is found at once', async () => {
    expect(await clients.findById('later')).toBeUndefined();
    await other.clients.create(client('later'), 1);
    expect(await clients.findById('later')).toBeDefined();
  });
});
