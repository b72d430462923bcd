import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/index.js';

/** Upgrading a database made before e-mail addresses were unique keeps it working. */
test('migration 006 normalises existing addresses; of two sharing one, the older keeps it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-006-'));
  const path = join(dir, 'auth.db');
  try {
    const old = new Kysely<Record<string, Record<string, unknown>>>({ dialect: new SqliteDialect({ database: new Database(path) }) });
    const { error } = await new Migrator({ db: old, provider: migrationProvider }).migrateTo('002_unknown_login_failures');
    expect(error).toBeUndefined();
    const row = (id: string, username: string, email: string | null, createdAt: number) => ({
      id, username, email, name: null, password_hash: 'x', roles: '[]', failed_logins: 0, locked_until: null, created_at: createdAt, updated_at: createdAt,
    });
    await old
      .insertInto('accounts')
      .values([row('1', 'first', ' Shared@Example.com', 1), row('2', 'second', 'shared@example.com', 2), row('3', 'third', 'Own@Example.com', 3), row('4', 'fourth', null, 4)])
      .execute();
    await old.destroy();

    const store = await openStore({ sqlitePath: path });
    const emails = Object.fromEntries((await store.accounts.list()).map((a) => [a.username, [a.email, a.emailVerified]]));
    expect(emails).toEqual({ first: ['shared@example.com', false], second: [null, false], third: ['own@example.com', false], fourth: [null, false] });
    expect((await store.outbox.list())).toEqual([]);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
