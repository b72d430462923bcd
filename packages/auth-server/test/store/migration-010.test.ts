import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/index.js';

/** Upgrading keeps every account enabled and copies existing roles where the role filter reads them. */
test('migration 010 adds disabled_at (null) and fills account_roles from the roles column', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-010-'));
  const path = join(dir, 'auth.db');
  try {
    const old = new Kysely<Record<string, Record<string, unknown>>>({ dialect: new SqliteDialect({ database: new Database(path) }) });
    const { error } = await new Migrator({ db: old, provider: migrationProvider }).migrateTo('009_purge_indexes');
    expect(error).toBeUndefined();
    const row = (id: string, username: string, roles: string[]) => ({
      id, username, email: null, name: null, password_hash: 'x', roles: JSON.stringify(roles), failed_logins: 0, locked_until: null, created_at: 1, updated_at: 1,
    });
    await old.insertInto('accounts').values([row('1', 'ada', ['admin', 'staff']), row('2', 'bob', []), row('3', 'cy', ['staff'])]).execute();
    await old.destroy();

    const store = await openStore({ sqlitePath: path });
    const names = async (role: string) => (await store.accounts.search({ role, now: 2, limit: 10 })).map((a) => a.username);
    expect(await names('staff')).toEqual(['ada', 'cy']);
    expect(await names('admin')).toEqual(['ada']);
    expect((await store.accounts.search({ status: 'disabled', now: 2, limit: 10 }))).toEqual([]);
    // Kept in step afterwards by the repository.
    await store.accounts.update('1', { roles: ['admin'] }, 3);
    expect(await names('staff')).toEqual(['cy']);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
