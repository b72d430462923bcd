import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { openStore } from '../../src/store/index.js';
import { startCheckpointer, type Checkpointer } from '../../src/store/sqlite-checkpointer.js';
import { clientDefaults } from '../oidc/oidc.fixture.js';

/**
 * The server's connection writes; the checkpointer, a worker thread with a connection of its own,
 * copies the write-ahead log into the database file, so no commit on the event loop does it.
 */
describe('SQLite checkpointer', () => {
  let dir: string;
  let server: InstanceType<typeof Database>;
  let checkpointer: Checkpointer | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'checkpointer-'));
    server = new Database(join(dir, 'auth.db'));
    server.pragma('journal_mode = WAL');
    server.pragma('wal_autocheckpoint = 0'); // this connection never copies the log itself
    server.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  });
  afterEach(async () => {
    await checkpointer?.stop();
    checkpointer = undefined;
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (n: number) => {
    const insert = server.prepare('INSERT INTO notes (body) VALUES (?)');
    for (let i = 0; i < n; i++) insert.run('x'.repeat(500)); // one commit each
  };

  it('copies every page of the log into the file from its own thread', async () => {
    const lost: unknown[] = [];
    // Its own timer would look every 50 ms; this test asks when it wants.
    checkpointer = await startCheckpointer(join(dir, 'auth.db'), (err) => lost.push(err), 60_000);
    write(200);
    const result = await checkpointer.checkpoint();
    expect(result.busy).toBe(0);
    expect(result.log).toBeGreaterThanOrEqual(200);
    expect(result.checkpointed).toBe(result.log);
    // Nothing was left for the server's connection to copy.
    expect(server.pragma('wal_checkpoint(PASSIVE)')).toEqual([{ busy: 0, log: result.log, checkpointed: result.log }]);
    expect(lost).toEqual([]);
  });

  it('is no write: the server, which drops its caches when another connection commits, sees no change', async () => {
    checkpointer = await startCheckpointer(join(dir, 'auth.db'), () => undefined, 60_000);
    const dataVersion = () => (server.prepare('PRAGMA data_version').get() as { data_version: number }).data_version;
    const version = dataVersion();
    write(50);
    expect((await checkpointer.checkpoint()).checkpointed).toBeGreaterThanOrEqual(50);
    expect(dataVersion()).toBe(version);
  });

  it('fails to start where it cannot open the file, so the store checkpoints inline instead', async () => {
    await expect(startCheckpointer(dir, () => undefined)).rejects.toThrow();
  });

  it('runs beside a store’s connection until the store closes', async () => {
    const store = await openStore({ sqlitePath: join(dir, 'store.db'), sqliteChangePollMs: 0 });
    try {
      await store.clients.create(clientDefaults({ clientId: 'svc' }), 1);
      expect(await store.clients.findById('svc')).toBeDefined();
    } finally {
      await store.close(); // resolves once the worker has exited: nothing is left running
    }
    const reopened = await openStore({ sqlitePath: join(dir, 'store.db'), sqliteChangePollMs: 0 });
    expect(await reopened.clients.findById('svc')).toBeDefined();
    await reopened.close();
  });
});
