import { DuplicateError, type Store } from '../../../src/store/types.js';
import type { SigningKey } from '../../../src/keys/signing-key.js';
import { id, MIN, T0 } from './fixtures.js';

const key = (activeFrom: number): SigningKey => ({
  kid: id('kid'),
  alg: 'RS256',
  publicJwk: { kty: 'RSA', n: 'n', e: 'AQAB' },
  sealedPrivateKey: 'eyJhbGciOiJkaXIifQ..iv.ciphertext.tag',
  createdAt: activeFrom,
  activeFrom,
  retiredAt: null,
  expiresAt: null,
  verifyUntil: null,
});

export function consentsAuditKeys(store: () => Store): void {
  describe('consents', () => {
    it('upserts: the second call replaces scopes and keeps createdAt', async () => {
      const accountId = id('acct');
      await store().consents.upsert(accountId, 'app-b', ['openid'], T0);
      await store().consents.upsert(accountId, 'app-a', ['openid'], T0);
      await store().consents.upsert(accountId, 'app-b', ['openid', 'email'], T0 + 9);
      expect(await store().consents.find(accountId, 'app-b')).toEqual({ accountId, clientId: 'app-b', scopes: ['openid', 'email'], createdAt: T0, updatedAt: T0 + 9 });
      expect((await store().consents.listByAccount(accountId)).map((c) => c.clientId)).toEqual(['app-a', 'app-b']);
      await store().consents.delete(accountId, 'app-b');
      expect(await store().consents.find(accountId, 'app-b')).toBeUndefined();
    });
  });

  describe('audit', () => {
    it('lists newest first, insertion order breaking ties, filtered by type and limited', async () => {
      const type = id('evt');
      for (const [n, at] of [[1, T0], [2, T0 + 5], [3, T0 + 5], [4, T0 + 5], [5, T0 + 1]] as const) {
        await store().audit.record({ type, accountId: null, clientId: 'c', ip: '::1', detail: { n } }, at);
      }
      const events = await store().audit.list({ type });
      expect(events.map((e) => e.detail?.n)).toEqual([4, 3, 2, 5, 1]);
      expect(events[0]).toMatchObject({ type, clientId: 'c', ip: '::1', accountId: null, createdAt: T0 + 5 });
      expect((await store().audit.list({ type, limit: 2 })).map((e) => e.detail?.n)).toEqual([4, 3]);
    });
  });

  describe('signing keys', () => {
    it('stores JWKs, lists newest first, retires once and deletes expired keys', async () => {
      const [old, next] = [key(T0 - 1000 * MIN), key(T0 + 1000 * MIN)];
      await store().keys.insert(old);
      await store().keys.insert(next);
      await expect(store().keys.insert(old)).rejects.toBeInstanceOf(DuplicateError);
      const listed = await store().keys.list();
      expect(listed.findIndex((k) => k.kid === next.kid)).toBeLessThan(listed.findIndex((k) => k.kid === old.kid));
      expect(listed.find((k) => k.kid === old.kid)).toEqual(old);
      await store().keys.retire(old.kid, T0, T0 + MIN);
      await store().keys.retire(old.kid, T0 + 1, T0 + 2 * MIN);
      expect((await store().keys.list()).find((k) => k.kid === old.kid)).toMatchObject({ retiredAt: T0, expiresAt: T0 + MIN });
      // A retirement still ahead of `now` is rescheduled by a later rotation; one in effect is not.
      await store().keys.retire(next.kid, T0 + 10 * MIN, T0 + 20 * MIN);
      await store().keys.retire(next.kid, T0 + 5 * MIN, T0 + 15 * MIN, undefined, T0);
      await store().keys.retire(old.kid, T0 + 5 * MIN, T0 + 15 * MIN, undefined, T0);
      const byKid = new Map((await store().keys.list()).map((k) => [k.kid, k]));
      expect(byKid.get(next.kid)).toMatchObject({ retiredAt: T0 + 5 * MIN, expiresAt: T0 + 15 * MIN });
      expect(byKid.get(old.kid)).toMatchObject({ retiredAt: T0, expiresAt: T0 + MIN });
      expect(await store().keys.deleteExpired(T0 + MIN)).toBeGreaterThanOrEqual(1);
      const kids = (await store().keys.list()).map((k) => k.kid);
      expect(kids).toContain(next.kid);
      expect(kids).not.toContain(old.kid);
    });

    it('keeps the public half of a retired key for hints until verifyUntil, erasing the private half at expiresAt', async () => {
      const k = key(T0 - 1000 * MIN);
      await store().keys.insert(k);
      await store().keys.retire(k.kid, T0, T0 + MIN, T0 + 100 * MIN);
      await store().keys.deleteExpired(T0 + MIN);
      expect((await store().keys.list()).find((x) => x.kid === k.kid)).toMatchObject({ sealedPrivateKey: '', publicJwk: k.publicJwk, verifyUntil: T0 + 100 * MIN });
      await store().keys.deleteExpired(T0 + 100 * MIN);
      expect((await store().keys.list()).map((x) => x.kid)).not.toContain(k.kid);
    });
  });
}
