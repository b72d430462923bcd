import { randomUUID } from 'node:crypto';
import { DuplicateError, type Store } from '../../../src/store/types.js';
import { id, newAccount, newClient, T0 } from './fixtures.js';

export function accountsAndClients(store: () => Store): void {
  describe('unknown-username login failures', () => {
    it('counts atomically, locks, forgets, and is purged once idle and unlocked', async () => {
      const name = id('ghost');
      expect(await store().unknownLogins.find(name)).toBeUndefined();
      // Of parallel inserts of the first row, exactly one wins.
      const first = { failures: 1, lockedUntil: null };
      const inserts = await Promise.all(Array.from({ length: 10 }, () => store().unknownLogins.swap(name, undefined, first, T0)));
      expect(inserts.filter(Boolean)).toHaveLength(1);
      const locked = { failures: 2, lockedUntil: T0 + 60_000 };
      const swaps = await Promise.all(Array.from({ length: 10 }, () => store().unknownLogins.swap(name, first, locked, T0)));
      expect(swaps.filter(Boolean)).toHaveLength(1);
      expect(await store().unknownLogins.swap(name, first, first, T0)).toBe(false);
      expect(await store().unknownLogins.find(name)).toEqual(locked);
      await store().purgeExpired(T0 + 2 * 24 * 3600_000);
      expect(await store().unknownLogins.find(name)).toBeUndefined();
      await store().unknownLogins.swap(name, undefined, first, T0);
      await store().unknownLogins.forget(name);
      expect(await store().unknownLogins.find(name)).toBeUndefined();
    });
  });

  describe('accounts', () => {
    it('creates, finds by id and username, and lists by username', async () => {
      const a = await newAccount(store(), { email: 'a@example.com', name: 'A', roles: ['admin'] });
      expect(a).toMatchObject({ failedLogins: 0, lockedUntil: null, createdAt: T0, updatedAt: T0 });
      expect(await store().accounts.findById(a.id)).toEqual(a);
      expect(await store().accounts.findByUsername(a.username)).toEqual(a);
      expect(await store().accounts.findById(randomUUID())).toBeUndefined();
      const names = (await store().accounts.list()).map((x) => x.username);
      expect(names).toContain(a.username);
      expect(names).toEqual([...names].sort());
    });

    it('refuses a taken username with DuplicateError', async () => {
      const a = await newAccount(store());
      const again = store().accounts.create({ id: randomUUID(), username: a.username, email: null, name: null, passwordHash: 'h', roles: [] }, T0);
      await expect(again).rejects.toBeInstanceOf(DuplicateError);
    });

    it('updates only the fields given and bumps updatedAt', async () => {
      const a = await newAccount(store(), { email: 'old@example.com' });
      const u = await store().accounts.update(a.id, { roles: ['admin'], lockedUntil: T0 + 5, name: null }, T0 + 10);
      expect(u).toMatchObject({ roles: ['admin'], lockedUntil: T0 + 5, email: 'old@example.com', passwordHash: 'hash', updatedAt: T0 + 10 });
      expect(await store().accounts.update(randomUUID(), { name: 'x' }, T0)).toBeUndefined();
    });

    it('swaps the lockout counter only when it still holds the expected value', async () => {
      const a = await newAccount(store());
      const zero = { failures: 0, lockedUntil: null };
      const one = { failures: 1, lockedUntil: T0 + 30_000 };
      const swaps = await Promise.all(Array.from({ length: 20 }, () => store().accounts.swapLoginCounter(a.id, zero, one, T0)));
      expect(swaps.filter(Boolean)).toHaveLength(1);
      expect(await store().accounts.findById(a.id)).toMatchObject({ failedLogins: 1, lockedUntil: T0 + 30_000 });
      expect(await store().accounts.swapLoginCounter(a.id, { failures: 1, lockedUntil: null }, zero, T0)).toBe(false);
      expect(await store().accounts.swapLoginCounter(a.id, one, zero, T0)).toBe(true);
    });
  });

  describe('clients', () => {
    it('round-trips every field, including lists, null secret and booleans', async () => {
      const c = await newClient(store(), { secretHash: null, firstParty: false, backchannelLogoutUri: null });
      expect(await store().clients.findById(c.clientId)).toEqual(c);
      expect(c).toMatchObject({ secretHash: null, firstParty: false, redirectUris: ['https://rp.example/cb'], createdAt: T0 });
      expect((await store().clients.list()).map((x) => x.clientId)).toContain(c.clientId);
    });

    it('refuses a taken client id with DuplicateError', async () => {
      const c = await newClient(store());
      await expect(store().clients.create({ ...c }, T0)).rejects.toBeInstanceOf(DuplicateError);
    });

    it('updates, and deletes once', async () => {
      const c = await newClient(store());
      const u = await store().clients.update(c.clientId, { redirectUris: ['https://rp.example/2'], firstParty: false, backchannelLogoutUri: null }, T0 + 1);
      expect(u).toMatchObject({ redirectUris: ['https://rp.example/2'], firstParty: false, backchannelLogoutUri: null, name: c.name, updatedAt: T0 + 1 });
      expect(await store().clients.update(id('none'), { name: 'x' }, T0)).toBeUndefined();
      expect(await store().clients.delete(c.clientId)).toBe(true);
      expect(await store().clients.delete(c.clientId)).toBe(false);
      expect(await store().clients.findById(c.clientId)).toBeUndefined();
    });
  });
}
