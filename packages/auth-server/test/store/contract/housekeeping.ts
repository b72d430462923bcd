import type { Store } from '../../../src/store/types.js';
import { id, MIN, newAccount, newClient, newGrant, newRefreshToken, T0 } from './fixtures.js';

const DAY = 24 * 60 * MIN;

export function housekeeping(store: () => Store): void {
  describe('housekeeping', () => {
    it('drops revoked grants with their refresh tokens; keeps the rotated tokens of a live family for reuse detection', async () => {
      const s = store();
      const a = await newAccount(s);
      const c = await newClient(s);
      const now = T0 + 2 * DAY;
      const live = await newGrant(s, a.id, c.clientId, null, now + 30 * DAY);
      const rotated = await newRefreshToken(s, live, a.id, c.clientId, now + 30 * DAY);
      expect(await s.refreshTokens.rotate(rotated, T0)).toBe(true);
      const current = await newRefreshToken(s, live, a.id, c.clientId, now + 30 * DAY);
      const revoked = await newGrant(s, a.id, c.clientId, null, now + 30 * DAY);
      const revokedRt = await newRefreshToken(s, revoked, a.id, c.clientId, now + 30 * DAY);
      await s.grants.revoke(revoked, now - MIN, 'logout');

      const result = await s.purgeExpired(now);

      expect(await s.grants.find(live)).toBeDefined();
      expect(await s.refreshTokens.find(rotated)).toMatchObject({ rotatedAt: T0 });
      expect(await s.refreshTokens.find(current)).toBeDefined();
      expect(await s.grants.find(revoked)).toBeUndefined();
      expect(await s.refreshTokens.find(revokedRt)).toBeUndefined();
      expect(result.deleted.grants).toBeGreaterThanOrEqual(1);
    });

    it('deletes in batches until nothing expired is left; the next pass deletes nothing', async () => {
      const s = store();
      const c = await newClient(s);
      const now = T0 + 3 * DAY;
      const ids = Array.from({ length: 7 }, () => id('ia'));
      for (const ia of ids) await s.interactions.create({ id: ia, clientId: c.clientId, params: {}, createdAt: T0, expiresAt: now - 1 });

      // After each full batch the pass rests as long as that batch took: at most half the store's time.
      const rests: number[] = [];
      const rest = (ms: number) => (rests.push(ms), Promise.resolve());
      const first = await s.purgeExpired(now, { batchSize: 2, rest });
      expect(first.deleted.interactions).toBeGreaterThanOrEqual(7);
      for (const ia of ids) expect(await s.interactions.find(ia)).toBeUndefined();
      // One full batch of 2, then the other 5 in one batch of 20 (the floor), which ends the table.
      expect(rests).toHaveLength(1);
      expect(rests[0]).toBeGreaterThan(0);
      expect(rests[0]).toBeLessThanOrEqual(first.slowestBatchMs + 0.05);
      expect((await s.purgeExpired(now, { batchSize: 2, rest })).total).toBe(0);
    });

    it('purges expired mailed links and sign-in records, keeps live ones', async () => {
      const s = store();
      const a = await newAccount(s);
      const now = T0 + 3 * DAY;
      const [oldLink, liveLink] = [id('link'), id('link')];
      await s.accountTokens.create({ tokenHash: oldLink, accountId: a.id, purpose: 'verify_email', email: 'a@example.com', createdAt: T0, expiresAt: now - DAY - 1 });
      await s.accountTokens.create({ tokenHash: liveLink, accountId: a.id, purpose: 'verify_email', email: 'a@example.com', createdAt: T0, expiresAt: now + DAY });
      const [oldGrant, liveGrant] = [id('grant'), id('grant')];
      await s.grantAuthentications.set(oldGrant, { amr: ['pwd'], acr: 'urn:sso:acr:1fa' }, now - 1);
      await s.grantAuthentications.set(liveGrant, { amr: ['pwd'], acr: 'urn:sso:acr:1fa' }, now + DAY);
      const [oldSid, liveSid] = [id('sid'), id('sid')];
      await s.sessionFactors.set(oldSid, [], now - 1);
      await s.sessionFactors.set(liveSid, [], now + DAY);

      const result = await s.purgeExpired(now);

      expect(await s.accountTokens.find(oldLink)).toBeUndefined();
      expect(await s.accountTokens.find(liveLink)).toBeDefined();
      expect(await s.grantAuthentications.find(oldGrant)).toBeUndefined();
      expect(await s.grantAuthentications.find(liveGrant)).toBeDefined();
      expect(await s.sessionFactors.find(oldSid)).toBeUndefined();
      expect(await s.sessionFactors.find(liveSid)).toBeDefined();
      expect(result.deleted.account_tokens).toBeGreaterThanOrEqual(1);
    });

    it('purges audit events older than the retention, only when asked', async () => {
      const s = store();
      const type = id('audit-type');
      const event = { type, accountId: null, clientId: null, ip: null, detail: null };
      await s.audit.record(event, T0);
      await s.audit.record(event, T0 + 10 * DAY);
      await s.purgeExpired(T0 + 10 * DAY);
      expect(await s.audit.list({ type })).toHaveLength(2);
      await s.purgeExpired(T0 + 10 * DAY, { auditBefore: T0 + 5 * DAY });
      expect((await s.audit.list({ type })).map((e) => e.createdAt)).toEqual([T0 + 10 * DAY]);
    });

    it('lists accounts and clients a page at a time, by key', async () => {
      const s = store();
      const prefix = id('page');
      for (const n of ['c', 'a', 'd', 'b']) {
        await s.accounts.create({ id: id('acc'), username: `${prefix}-${n}`, email: null, name: null, passwordHash: 'h', roles: [] }, T0);
      }
      const first = await s.accounts.list({ after: prefix, limit: 2 });
      expect(first.map((x) => x.username)).toEqual([`${prefix}-a`, `${prefix}-b`]);
      const next = await s.accounts.list({ after: first.at(-1)!.username, limit: 2 });
      expect(next.map((x) => x.username)).toEqual([`${prefix}-c`, `${prefix}-d`]);
      const clients = await s.clients.list({ limit: 1 });
      expect(clients).toHaveLength(1);
      expect(await s.clients.list({ after: clients[0]!.clientId, limit: 1000 })).not.toContainEqual(clients[0]);
    });
  });
}
