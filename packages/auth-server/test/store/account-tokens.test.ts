import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueLink, peekLink, useLink } from '../../src/accounts/account-links.js';
import { createAccount } from '../../src/accounts/create-account.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createTempDatabase, describeWithPostgres } from '../helpers/services.js';

function suite(engine: string, setup: () => Promise<{ store: Store; cleanup: () => Promise<void> }>) {
  describe(`mailed links on ${engine}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await setup());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    test('ten concurrent uses of one link: exactly one wins; the token itself is not stored', async () => {
      const now = Date.now();
      const account = await createAccount(store, now, { username: 'race', email: 'race@example.com', password: 'correct horse battery staple' });
      const url = await issueLink({ store, clock: () => now, issuer: 'https://sso.example' }, account.id, 'reset_password', 'race@example.com');
      const token = new URL(url).searchParams.get('token')!;
      expect(url.startsWith('https://sso.example/reset-password?token=')).toBe(true);
      const found = await peekLink(store, now, token, 'reset_password');
      expect(found.ok && found.link.tokenHash).not.toBe(token);

      const wins = await Promise.all(Array.from({ length: 10 }, () => useLink(store, now + 1, token, 'reset_password')));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect(await peekLink(store, now + 2, token, 'reset_password')).toEqual({ ok: false, problem: 'used' });
      // A link of one purpose never serves another.
      expect(await peekLink(store, now, token, 'verify_email')).toEqual({ ok: false, problem: 'unknown' });
    });

    test('e-mail addresses are unique, compared lower-case', async () => {
      await createAccount(store, Date.now(), { username: 'one', email: 'Same@Example.com', password: 'correct horse battery staple' });
      expect((await store.accounts.findByEmail('same@example.com'))?.username).toBe('one');
      await expect(createAccount(store, Date.now(), { username: 'two', email: 'same@example.com ', password: 'correct horse battery staple' })).rejects.toMatchObject({ what: 'email' });
      await expect(createAccount(store, Date.now(), { username: 'one', email: 'other@example.com', password: 'correct horse battery staple' })).rejects.toMatchObject({ what: 'username' });
    });
  });
}

suite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'links-'));
  return { store: await openStore({ sqlitePath: join(dir, 'auth.db') }), cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
});

describeWithPostgres('PostgreSQL', () => {
  suite('PostgreSQL', async () => {
    const db = await createTempDatabase();
    return { store: await openStore({ databaseUrl: db.url, poolSize: 10 }), cleanup: () => db.drop() };
  });
});
