import type { Store } from '../../../src/store/types.js';
import { id, MIN, newAccount, newClient, newGrant, newRefreshToken, T0 } from './fixtures.js';

export function grantsAndTokens(store: () => Store): void {
  async function setup() {
    const a = await newAccount(store());
    const c = await newClient(store());
    return { accountId: a.id, clientId: c.clientId };
  }

  describe('refresh tokens', () => {
    it('rotate once: the second use is refused', async () => {
      const { accountId, clientId } = await setup();
      const rt = await newRefreshToken(store(), await newGrant(store(), accountId, clientId), accountId, clientId);
      expect(await store().refreshTokens.rotate(rt, T0 + 1)).toBe(true);
      expect(await store().refreshTokens.rotate(rt, T0 + 2)).toBe(false);
      expect(await store().refreshTokens.find(rt)).toMatchObject({ rotatedAt: T0 + 1, revokedAt: null });
    });

    it('lets only one of many concurrent rotations win', async () => {
      const { accountId, clientId } = await setup();
      const rt = await newRefreshToken(store(), await newGrant(store(), accountId, clientId), accountId, clientId);
      const wins = await Promise.all(Array.from({ length: 10 }, () => store().refreshTokens.rotate(rt, T0)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    });

    it('cannot rotate a revoked token; revokeByGrant revokes the family', async () => {
      const { accountId, clientId } = await setup();
      const grantId = await newGrant(store(), accountId, clientId);
      const [a, b] = [await newRefreshToken(store(), grantId, accountId, clientId), await newRefreshToken(store(), grantId, accountId, clientId)];
      await store().refreshTokens.revoke(a, T0 + 1);
      expect(await store().refreshTokens.rotate(a, T0 + 2)).toBe(false);
      await store().refreshTokens.revokeByGrant(grantId, T0 + 3);
      expect((await store().refreshTokens.find(a))?.revokedAt).toBe(T0 + 1);
      expect((await store().refreshTokens.find(b))?.revokedAt).toBe(T0 + 3);
    });
  });

  describe('a deleted client', () => {
    it('revokeByClient revokes its unrevoked grants with their refresh tokens, no other client\'s; deleteByClient forgets its consents', async () => {
      const { accountId, clientId } = await setup();
      const other = (await newClient(store())).clientId;
      const [g1, g2, kept] = [await newGrant(store(), accountId, clientId), await newGrant(store(), accountId, clientId), await newGrant(store(), accountId, other)];
      await store().grants.revoke(g2, T0 + 1, 'earlier');
      const [rt1, rtKept] = [await newRefreshToken(store(), g1, accountId, clientId), await newRefreshToken(store(), kept, accountId, other)];
      await store().consents.upsert(accountId, clientId, ['openid'], T0);
      await store().consents.upsert(accountId, other, ['openid'], T0);

      expect(await store().grants.revokeByClient(clientId, T0 + 5, 'client_deleted')).toBe(1);
      expect(await store().grants.find(g1)).toMatchObject({ revokedAt: T0 + 5, revokedReason: 'client_deleted' });
      expect(await store().grants.find(g2)).toMatchObject({ revokedAt: T0 + 1, revokedReason: 'earlier' });
      expect((await store().refreshTokens.find(rt1))?.revokedAt).toBe(T0 + 5);
      expect((await store().grants.find(kept))?.revokedAt).toBeNull();
      expect((await store().refreshTokens.find(rtKept))?.revokedAt).toBeNull();

      await store().consents.deleteByClient(clientId);
      expect(await store().consents.find(accountId, clientId)).toBeUndefined();
      expect(await store().consents.find(accountId, other)).toBeDefined();
    });
  });

  describe('refresh redemption (one read of a token with its grant, account and sign-in)', () => {
    it('returns the token with its grant, account and recorded amr/acr', async () => {
      const { accountId, clientId } = await setup();
      const grantId = await newGrant(store(), accountId, clientId);
      await store().grantAuthentications.set(grantId, { amr: ['pwd', 'otp'], acr: 'urn:test:mfa' }, T0 + 60 * MIN);
      const rt = await newRefreshToken(store(), grantId, accountId, clientId);
      const found = await store().refreshTokens.findRedemption(rt);
      expect(found?.token).toEqual(await store().refreshTokens.find(rt));
      expect(found?.grant).toEqual(await store().grants.find(grantId));
      expect(found?.account).toEqual(await store().accounts.findById(accountId));
      expect(found?.authentication).toEqual({ amr: ['pwd', 'otp'], acr: 'urn:test:mfa' });
    });

    it('reports a missing sign-in record and a revoked grant as they are, and an unknown token as undefined', async () => {
      const { accountId, clientId } = await setup();
      const grantId = await newGrant(store(), accountId, clientId);
      const rt = await newRefreshToken(store(), grantId, accountId, clientId);
      await store().grants.revoke(grantId, T0 + 1, 'test');
      const found = await store().refreshTokens.findRedemption(rt);
      expect(found?.authentication).toBeUndefined();
      expect(found?.grant).toMatchObject({ id: grantId, revokedAt: T0 + 1, revokedReason: 'test' });
      expect(found?.token.revokedAt).toBe(T0 + 1);
      expect(await store().refreshTokens.findRedemption('no-such-token-hash')).toBeUndefined();
    });
  });

  describe('transactions', () => {
    it('commits every write together', async () => {
      const { accountId, clientId } = await setup();
      const grantId = id('grant');
      await store().transaction(async (tx) => {
        await tx.grants.create({ id: grantId, clientId, accountId, sid: null, scope: 'openid', authTime: T0, createdAt: T0, expiresAt: T0 + 60 * MIN });
        await newRefreshToken(tx, grantId, accountId, clientId);
      });
      expect(await store().grants.find(grantId)).toMatchObject({ id: grantId });
    });

    it('rolls back every write when the work throws, and passes the error on', async () => {
      const { accountId, clientId } = await setup();
      const grantId = id('grant');
      const failure = store().transaction(async (tx) => {
        await tx.grants.create({ id: grantId, clientId, accountId, sid: null, scope: 'openid', authTime: T0, createdAt: T0, expiresAt: T0 + 60 * MIN });
        // A nested call joins the running transaction, so it is rolled back too.
        await tx.transaction((inner) => inner.audit.record({ type: 'tx.test', accountId, clientId, ip: null, detail: { grantId } }, T0));
        throw new Error('boom');
      });
      await expect(failure).rejects.toThrow('boom');
      expect(await store().grants.find(grantId)).toBeUndefined();
      expect((await store().audit.list({ type: 'tx.test' })).filter((e) => e.detail?.grantId === grantId)).toHaveLength(0);
    });
  });

  describe('grants', () => {
    it('revoking a grant revokes its refresh tokens and keeps the first reason', async () => {
      const { accountId, clientId } = await setup();
      const grantId = await newGrant(store(), accountId, clientId);
      const rt = await newRefreshToken(store(), grantId, accountId, clientId);
      await store().grants.revoke(grantId, T0 + 5, 'logout');
      await store().grants.revoke(grantId, T0 + 6, 'other');
      expect(await store().grants.find(grantId)).toMatchObject({ revokedAt: T0 + 5, revokedReason: 'logout', accountId, clientId });
      expect((await store().refreshTokens.find(rt))?.revokedAt).toBe(T0 + 5);
      expect(await store().refreshTokens.rotate(rt, T0 + 7)).toBe(false);
    });

    it('lists active grants by account and by session', async () => {
      const { accountId, clientId } = await setup();
      const sid = id('sid');
      const live = await newGrant(store(), accountId, clientId, sid);
      const revoked = await newGrant(store(), accountId, clientId, sid);
      await store().grants.revoke(revoked, T0, 'test');
      await newGrant(store(), accountId, clientId, sid, T0 - 1);
      expect((await store().grants.listActiveByAccount(accountId, T0)).map((g) => g.id)).toEqual([live]);
      expect((await store().grants.listActiveBySid(sid, T0)).map((g) => g.id)).toEqual([live]);
    });

    it('keeps client-credentials grants without account or session', async () => {
      const grantId = id('grant');
      await store().grants.create({ id: grantId, clientId: 'svc', accountId: null, sid: null, scope: 'notes:read', authTime: null, createdAt: T0, expiresAt: T0 + MIN });
      expect(await store().grants.find(grantId)).toMatchObject({ accountId: null, sid: null, authTime: null, revokedAt: null });
    });
  });

  describe('revoked access tokens', () => {
    it('records a jti once and answers isRevoked', async () => {
      const jti = id('jti');
      expect(await store().revokedTokens.isRevoked(jti)).toBe(false);
      await store().revokedTokens.add(jti, null, T0 + 15 * MIN, T0);
      await store().revokedTokens.add(jti, 'g', T0 + 15 * MIN, T0 + 1);
      expect(await store().revokedTokens.isRevoked(jti)).toBe(true);
    });
  });
}
