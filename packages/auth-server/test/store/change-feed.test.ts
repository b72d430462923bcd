import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { manualClock } from '../../src/clock.js';
import type { NewClient } from '../../src/clients/client.js';
import { loadConfig } from '../../src/config/config.js';
import { createKeyStore } from '../../src/keys/db-key-store.js';
import { postgresChangeFeed, sqliteChangeFeed, type Change, type ChangeFeed } from '../../src/store/change-feed.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createTempDatabase, describeWithPostgres } from '../helpers/services.js';
import { clientDefaults } from '../oidc/oidc.fixture.js';

/** A registration as the OIDC tests make it, with a recognisable secret hash. */
const client = (clientId: string): NewClient => clientDefaults({ clientId, secretHash: 'sha256:before' });

/** Resolves with the first change `feed` hears that matches; subscribe before making the change. */
function heard(feed: Pick<ChangeFeed, 'subscribe'>, match: (c: Change) => boolean): Promise<Change[]> {
  const seen: Change[] = [];
  return new Promise((resolve) => {
    const stop = feed.subscribe((change) => {
      seen.push(change);
      if (!match(change)) return;
      stop();
      resolve(seen);
    });
  });
}
const isClient = (id: string) => (c: Change) => c.kind === 'client' && c.id === id;

/**
 * Caches hold clients, APIs and signing keys for a minute here, so only the change feed can explain
 * an instance seeing another one's change: a fresh read would otherwise come a minute later.
 */
describeWithPostgres('change feed on PostgreSQL: a change on one instance applies on every instance at once', () => {
  let temp: Awaited<ReturnType<typeof createTempDatabase>>;
  let a: Store;
  let b: Store;
  beforeAll(async () => {
    temp = await createTempDatabase();
    [a, b] = [await openStore({ databaseUrl: temp.url, poolSize: 2, clientCacheMs: 60_000 }), await openStore({ databaseUrl: temp.url, poolSize: 2, clientCacheMs: 60_000 })];
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await temp?.drop();
  });

  /** Registers on `a` and waits until `b` has heard it, so what `b` reads next stays cached. */
  const created = async (c: NewClient) => {
    const delivered = heard(b.changes, isClient(c.clientId));
    await a.clients.create(c, 1);
    await delivered;
  };

  it('a rotated client secret stops working on the other instance at once', async () => {
    await created(client('svc'));
    expect((await b.clients.findById('svc'))?.secretHash).toBe('sha256:before'); // cached on b
    const delivered = heard(b.changes, isClient('svc'));
    await a.clients.update('svc', { secretHash: 'sha256:rotated' }, 2);
    await delivered;
    expect((await b.clients.findById('svc'))?.secretHash).toBe('sha256:rotated');
  });

  it('a client deleted in a transaction is announced once committed, and a rolled-back delete is not', async () => {
    for (const id of ['gone', 'kept', 'marker']) await created(client(id));
    expect(await b.clients.findById('gone')).toBeDefined();
    expect(await b.clients.findById('kept')).toBeDefined();
    const delivered = heard(b.changes, isClient('marker'));
    await expect(
      a.transaction(async (tx) => {
        await tx.clients.delete('kept');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await a.transaction(async (tx) => {
      await tx.clients.delete('gone');
    });
    await a.clients.update('marker', { name: 'marker 2' }, 2);
    // Announced in order: had the rolled-back delete been announced, it would come before the marker.
    const seen = await delivered;
    expect(seen.filter((c) => c.kind === 'client').map((c) => (c as { id: string }).id)).toEqual(['gone', 'marker']);
    expect(await b.clients.findById('gone')).toBeUndefined();
    expect(await b.clients.findById('kept')).toBeDefined();
  });

  it('a registered API is in the other instance’s registry at once', async () => {
    expect(await b.apis.list()).toEqual([]); // cached, empty
    const delivered = heard(b.changes, (c) => c.kind === 'apis');
    await a.apis.create({ identifier: 'https://files.test', name: 'Files', scopes: [{ name: 'files:read', description: 'Read files' }], accessTokenTtl: null, includeRoles: false, secretHash: null }, 3);
    await delivered;
    expect((await b.apis.list()).map((x) => x.identifier)).toEqual(['https://files.test']);
  });

  it('`keys rotate --now` on one instance: the other signs with the new key at once', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: temp.url });
    const clock = manualClock();
    const [ka, kb] = [createKeyStore({ store: a, clock, config }), createKeyStore({ store: b, clock, config })];
    const before = await kb.current(); // b's key cache: 30 s, and the clock does not move
    expect((await ka.current()).kid).toBe(before.kid);
    clock.advance(1000); // past the first key's millisecond (keys/key-schedule.ts rotationStart); b's cache lives 30 s
    const delivered = heard(b.changes, (c) => c.kind === 'keys');
    const next = await ka.rotate({ immediate: true });
    await delivered;
    expect((await kb.current()).kid).toBe(next.kid);
  });
});

describeWithPostgres('change feed on PostgreSQL: a lost connection', () => {
  let temp: Awaited<ReturnType<typeof createTempDatabase>>;
  let pool: pg.Pool;
  const feeds: ChangeFeed[] = [];
  beforeAll(async () => {
    temp = await createTempDatabase();
    pool = new pg.Pool({ connectionString: temp.url, max: 2 });
  });
  afterAll(async () => {
    await Promise.all(feeds.map((f) => f.close()));
    await pool?.end();
    await temp?.drop();
  });

  const feed = async (name: string, errors: unknown[]) => {
    const f = await postgresChangeFeed({
      async connect() {
        const c = new pg.Client({ connectionString: temp.url, application_name: name });
        await c.connect();
        return c;
      },
      notify: async (channel, payload) => void (await pool.query('SELECT pg_notify($1, $2)', [channel, payload])),
      onError: (err) => errors.push(err),
      retryMs: 0,
    });
    feeds.push(f);
    return f;
  };

  it('tells its subscribers to drop everything, reconnects, and hears changes again', async () => {
    const errors: unknown[] = [];
    const [listener, speaker] = [await feed('feed-under-test', errors), await feed('feed-speaker', [])];
    // Dropped (the connection is gone: changes may go unheard) and again once listening anew.
    const twice = new Promise<void>((resolve) => {
      let n = 0;
      listener.subscribe((c) => c.kind === 'all' && ++n === 2 && resolve());
    });
    await pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'feed-under-test'`);
    await twice;
    expect(errors.length).toBeGreaterThan(0);
    const delivered = heard(listener, isClient('after'));
    await speaker.announce({ kind: 'client', id: 'after' });
    await delivered;
  });

  it('ignores NOTIFYs on its channel that are not changes', async () => {
    const listener = await feed('feed-strict', []);
    const seen: Change[] = [];
    listener.subscribe((c) => seen.push(c));
    const delivered = heard(listener, isClient('real'));
    await pool.query(`SELECT pg_notify('sso_changes', 'not json'), pg_notify('sso_changes', '{"kind":"client"}'), pg_notify('sso_changes', '{"kind":"client","id":"real"}')`);
    await delivered;
    expect(seen).toEqual([{ kind: 'client', id: 'real' }]);
  });
});

describe('change feed on SQLite: this process’ own changes', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'change-feed-'));
    // Not looking for other processes' writes: the second test makes one and must not hear of it.
    store = await openStore({ sqlitePath: join(dir, 'auth.db'), clientCacheMs: 60_000, sqliteChangePollMs: 0 });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a client deleted inside a transaction leaves this process’ cache once committed', async () => {
    await store.clients.create(client('svc'), 1);
    expect(await store.clients.findById('svc')).toBeDefined(); // cached
    await store.transaction(async (tx) => {
      expect(await tx.clients.delete('svc')).toBe(true);
    });
    expect(await store.clients.findById('svc')).toBeUndefined();
  });

  it('a rolled-back delete announces nothing: the cached client stays', async () => {
    await store.clients.create(client('svc'), 1);
    expect(await store.clients.findById('svc')).toBeDefined(); // cached
    // Renamed by another process (the admin CLI): only an announcement here would drop the cached copy.
    const other = await openStore({ sqlitePath: join(dir, 'auth.db'), clientCacheMs: 0 });
    await other.clients.update('svc', { name: 'renamed' }, 2);
    await other.close();
    await expect(
      store.transaction(async (tx) => {
        await tx.clients.delete('svc');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await store.clients.findById('svc'))?.name).toBe('svc');
    await store.clients.update('svc', { name: 'renamed again' }, 3);
    expect((await store.clients.findById('svc'))?.name).toBe('renamed again');
  });
});

/**
 * The admin CLI writes the server's SQLite file from a process of its own. Here the server is one
 * store and the CLI another connection to the same file; the server caches clients for a minute and
 * keys for 30 s on a clock that does not move, so only the feed can explain it seeing the change.
 */
describe('change feed on SQLite: writes from another process (the admin CLI)', () => {
  let dir: string;
  let server: Store;
  let cli: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'change-feed-cli-'));
    server = await openStore({ sqlitePath: join(dir, 'auth.db'), clientCacheMs: 60_000, sqliteChangePollMs: 5 });
    cli = await openStore({ sqlitePath: join(dir, 'auth.db'), clientCacheMs: 0, sqliteChangePollMs: 0 });
  });
  afterEach(async () => {
    await Promise.all([server.close(), cli.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a client secret rotated by the CLI stops working on the running server at its next look', async () => {
    await cli.clients.create(client('svc'), 1);
    expect((await server.clients.findById('svc'))?.secretHash).toBe('sha256:before'); // cached for a minute
    const dropped = heard(server.changes, (c) => c.kind === 'all');
    await cli.clients.update('svc', { secretHash: 'sha256:rotated' }, 2);
    await dropped;
    expect((await server.clients.findById('svc'))?.secretHash).toBe('sha256:rotated');
  });

  it('`keys rotate --now` from the CLI: the running server signs with the new key at its next look', async () => {
    const config = loadConfig({ NODE_ENV: 'test', SQLITE_PATH: join(dir, 'auth.db') });
    const clock = manualClock();
    const [onServer, fromCli] = [createKeyStore({ store: server, clock, config }), createKeyStore({ store: cli, clock, config })];
    const before = await onServer.current(); // cached for 30 s, and the clock does not move
    expect((await fromCli.current()).kid).toBe(before.kid);
    clock.advance(1000); // past the first key's millisecond (keys/key-schedule.ts rotationStart)
    const dropped = heard(server.changes, (c) => c.kind === 'all');
    const next = await fromCli.rotate({ immediate: true });
    await dropped;
    expect(next.kid).not.toBe(before.kid);
    expect((await onServer.current()).kid).toBe(next.kid);
  });
});

describe('sqliteChangeFeed', () => {
  /** A data version the test moves by hand, and a feed that only looks when told (pollMs 0). */
  const feedOver = async (versions: (number | Error)[]) => {
    let i = 0;
    const feed = await sqliteChangeFeed({
      dataVersion: () => {
        const v = versions[Math.min(i++, versions.length - 1)]!;
        return v instanceof Error ? Promise.reject(v) : Promise.resolve(v);
      },
      pollMs: 0,
    });
    const seen: Change[] = [];
    feed.subscribe((c) => seen.push(c));
    return { feed, seen };
  };

  it('tells its subscribers to drop everything once per move of the data version, and only then', async () => {
    const { feed, seen } = await feedOver([1, 1, 2, 2, 2, 5]);
    await feed.poll(); // 1: as when it started
    expect(seen).toEqual([]);
    await feed.poll(); // 2
    await feed.poll(); // 2
    expect(seen).toEqual([{ kind: 'all' }]);
    await feed.poll(); // 2
    await feed.poll(); // 5
    expect(seen).toEqual([{ kind: 'all' }, { kind: 'all' }]);
    await feed.close();
  });

  it('a failed read is not a change, and the next look still compares with the last version seen', async () => {
    const { feed, seen } = await feedOver([1, new Error('SQLITE_BUSY'), 1, 3]);
    await feed.poll();
    await feed.poll();
    expect(seen).toEqual([]);
    await feed.poll();
    expect(seen).toEqual([{ kind: 'all' }]);
    await feed.close();
  });

  it('announces this process’ own changes to its subscribers as they are', async () => {
    const { feed, seen } = await feedOver([1]);
    await feed.announce({ kind: 'client', id: 'svc' });
    expect(seen).toEqual([{ kind: 'client', id: 'svc' }]);
    await feed.close();
  });
});
