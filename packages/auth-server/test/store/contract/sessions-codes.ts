import type { Store } from '../../../src/store/types.js';
import { id, MIN, newAccount, newClient, newCode, newSession, T0 } from './fixtures.js';

export function sessionsAndCodes(store: () => Store): void {
  describe('sessions', () => {
    it('finds by cookie hash and by sid, slides, and ends once', async () => {
      const a = await newAccount(store());
      const s = await newSession(store(), a.id);
      expect(await store().sessions.findByIdHash(s.idHash)).toEqual({ ...s, endedAt: null });
      expect(await store().sessions.findBySid(s.sid)).toEqual({ ...s, endedAt: null });
      await store().sessions.touch(s.idHash, T0 + MIN, T0 + 90 * MIN);
      expect(await store().sessions.findBySid(s.sid)).toMatchObject({ lastSeenAt: T0 + MIN, expiresAt: T0 + 90 * MIN });
      await store().sessions.end(s.sid, T0 + 2 * MIN);
      await store().sessions.end(s.sid, T0 + 3 * MIN);
      expect((await store().sessions.findBySid(s.sid))?.endedAt).toBe(T0 + 2 * MIN);
    });

    it('renews a session under a new cookie hash, keeping its sid and the clients it reached', async () => {
      const a = await newAccount(store());
      const s = await newSession(store(), a.id);
      await store().sessions.addClient(s.sid, 'app', T0);
      const newHash = id('hash');
      await store().sessions.renew(s.sid, newHash, T0 + 1000, T0 + 99_000);
      expect(await store().sessions.findByIdHash(s.idHash)).toBeUndefined();
      expect(await store().sessions.findByIdHash(newHash)).toMatchObject({ sid: s.sid, authTime: T0 + 1000, expiresAt: T0 + 99_000 });
      expect(await store().sessions.listClients(s.sid)).toEqual(['app']);
    });

    it('lists only live sessions of an account, most recently seen first', async () => {
      const a = await newAccount(store());
      const older = await newSession(store(), a.id);
      const newer = await newSession(store(), a.id);
      await store().sessions.touch(newer.idHash, T0 + MIN, T0 + 60 * MIN);
      const ended = await newSession(store(), a.id);
      await store().sessions.end(ended.sid, T0);
      await newSession(store(), a.id, T0 - 1);
      const live = await store().sessions.listActiveByAccount(a.id, T0);
      expect(live.map((s) => s.sid)).toEqual([newer.sid, older.sid]);
    });

    it('remembers each client a session reached once, in order', async () => {
      const a = await newAccount(store());
      const s = await newSession(store(), a.id);
      await store().sessions.addClient(s.sid, 'app-b', T0 + 2);
      await store().sessions.addClient(s.sid, 'app-a', T0 + 3);
      await store().sessions.addClient(s.sid, 'app-b', T0 + 4);
      expect(await store().sessions.listClients(s.sid)).toEqual(['app-b', 'app-a']);
    });
  });

  describe('interactions', () => {
    it('creates, finds and deletes', async () => {
      const i = { id: id('ia'), clientId: 'c', params: { scope: 'openid', state: 'x y' }, createdAt: T0, expiresAt: T0 + MIN };
      await store().interactions.create(i);
      expect(await store().interactions.find(i.id)).toEqual(i);
      await store().interactions.delete(i.id);
      expect(await store().interactions.find(i.id)).toBeUndefined();
    });
  });

  describe('authorization codes', () => {
    it('consumes a code exactly once (RFC 6749 §4.1.2)', async () => {
      const a = await newAccount(store());
      const c = await newClient(store());
      const code = await newCode(store(), a.id, c.clientId);
      expect(await store().codes.find(code)).toMatchObject({ consumedAt: null, nonce: 'n-1', codeChallengeMethod: 'S256' });
      expect(await store().codes.consume(code, T0 + 1)).toBe(true);
      expect(await store().codes.consume(code, T0 + 2)).toBe(false);
      expect((await store().codes.find(code))?.consumedAt).toBe(T0 + 1);
      expect(await store().codes.consume(id('unknown'), T0)).toBe(false);
    });

    it('lets only one of many concurrent redemptions win', async () => {
      const a = await newAccount(store());
      const code = await newCode(store(), a.id, 'c');
      const wins = await Promise.all(Array.from({ length: 10 }, () => store().codes.consume(code, T0)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    });
  });
}
