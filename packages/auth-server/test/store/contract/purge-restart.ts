import type { Store } from '../../../src/store/types.js';
import { id, MIN, newAccount, newClient, newCode, newGrant, newRefreshToken, newSession, T0, type StoreHandle } from './fixtures.js';

const DAY = 24 * 60 * MIN;

export function purgeAndRestart(handle: () => StoreHandle, store: () => Store): void {
  it('purgeExpired drops expired rows and keeps live ones', async () => {
    const s = store();
    const a = await newAccount(s);
    const c = await newClient(s);
    const now = T0 + 2 * DAY;
    const oldCode = await newCode(s, a.id, c.clientId, T0);
    const liveCode = await newCode(s, a.id, c.clientId, now + MIN);
    const deadSession = await newSession(s, a.id, now - 1);
    await s.sessions.addClient(deadSession.sid, c.clientId, T0);
    const liveSession = await newSession(s, a.id, now + MIN);
    const grantId = await newGrant(s, a.id, c.clientId, null, now + DAY);
    const expiredGrant = await newGrant(s, a.id, c.clientId, null, now - 1);
    const deadRt = await newRefreshToken(s, grantId, a.id, c.clientId, now - 1);
    const liveRt = await newRefreshToken(s, grantId, a.id, c.clientId, now + MIN);
    const [deadJti, liveJti] = [id('jti'), id('jti')];
    await s.revokedTokens.add(deadJti, null, now - 1, T0);
    await s.revokedTokens.add(liveJti, null, now + MIN, T0);
    const ia = id('ia');
    await s.interactions.create({ id: ia, clientId: c.clientId, params: {}, createdAt: T0, expiresAt: now - 1 });

    await s.purgeExpired(now);

    expect(await s.codes.find(oldCode)).toBeUndefined();
    expect(await s.codes.find(liveCode)).toBeDefined();
    expect(await s.sessions.findBySid(deadSession.sid)).toBeUndefined();
    expect(await s.sessions.listClients(deadSession.sid)).toEqual([]);
    expect(await s.sessions.findBySid(liveSession.sid)).toBeDefined();
    expect(await s.refreshTokens.find(deadRt)).toBeUndefined();
    expect(await s.refreshTokens.find(liveRt)).toBeDefined();
    expect(await s.revokedTokens.isRevoked(deadJti)).toBe(false);
    expect(await s.revokedTokens.isRevoked(liveJti)).toBe(true);
    expect(await s.interactions.find(ia)).toBeUndefined();
    expect(await s.grants.find(grantId)).toBeDefined();
    expect(await s.grants.find(expiredGrant)).toBeUndefined();
  });

  it('keeps accounts, clients, keys, sessions and refresh tokens across a restart', async () => {
    const s = store();
    const a = await newAccount(s, { roles: ['admin'] });
    const c = await newClient(s);
    const session = await newSession(s, a.id, T0 + DAY);
    const rt = await newRefreshToken(s, await newGrant(s, a.id, c.clientId), a.id, c.clientId);
    const kid = id('kid');
    await s.keys.insert({ kid, alg: 'RS256', publicJwk: { kty: 'RSA' }, sealedPrivateKey: 'sealed-x', createdAt: T0, activeFrom: T0, retiredAt: null, expiresAt: null });

    const reopened = await handle().reopen();
    await reopened.ping();
    expect(await reopened.accounts.findById(a.id)).toEqual(a);
    expect(await reopened.clients.findById(c.clientId)).toEqual(c);
    expect(await reopened.sessions.findBySid(session.sid)).toEqual({ ...session, endedAt: null });
    expect(await reopened.refreshTokens.find(rt)).toMatchObject({ tokenHash: rt, revokedAt: null });
    expect((await reopened.keys.list()).find((k) => k.kid === kid)?.sealedPrivateKey).toBe('sealed-x');
  });
}
