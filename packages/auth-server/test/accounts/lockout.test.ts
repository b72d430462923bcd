import { lockRemainingSeconds, lockSeconds } from '../../src/accounts/lockout.js';
import { reserveAttempt, unknownUsernameCell } from '../../src/accounts/login-attempts.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';

const policy = { threshold: 5, baseSeconds: 30, maxSeconds: 900 };

describe('lockout policy', () => {
  it('does not lock below the threshold, then doubles from the base up to the cap', () => {
    expect([1, 4, 5, 6, 7, 10, 100, 10_000].map((n) => lockSeconds(n, policy))).toEqual([0, 0, 30, 60, 120, 900, 900, 900]);
  });

  it('reports whole seconds remaining, 0 once the lock has passed', () => {
    expect(lockRemainingSeconds(null, 1000)).toBe(0);
    expect(lockRemainingSeconds(10_500, 1000)).toBe(10);
    expect(lockRemainingSeconds(1000, 1000)).toBe(0);
  });
});

describe('attempt reservation for unknown usernames (in the store)', () => {
  let f: TestContext;
  beforeEach(async () => (f = await createTestContext()));
  afterEach(() => f.close());
  const reserve = (name: string, now: number, p = policy) => reserveAttempt(unknownUsernameCell(f.store, name, now), p, now);

  it('locks at the same attempt as a real account, then lets one attempt through per lock period', async () => {
    const results: unknown[] = [];
    for (let i = 0; i < 6; i++) results.push(await reserve('ghost', 0));
    expect(results).toEqual([...Array.from({ length: 4 }, () => ({ ok: true, lockedFor: 0 })), { ok: true, lockedFor: 30 }, { ok: false, retryAfter: 30 }]);
    expect(await reserve('ghost', 10_000)).toEqual({ ok: false, retryAfter: 20 });
    expect(await reserve('ghost', 31_000)).toEqual({ ok: true, lockedFor: 60 });
  });

  it('lets exactly `threshold` of many parallel attempts through', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => reserve('burst', 0)));
    expect(results.filter((r) => r.ok)).toHaveLength(policy.threshold);
  });

  it('is shared: a second instance on the same store sees the lock', async () => {
    const other = await createTestContext({}, { sqlitePath: f.config.sqlitePath });
    try {
      for (let i = 0; i < 4; i++) await reserve('ghost', 0);
      expect(await reserveAttempt(unknownUsernameCell(other.store, 'ghost', 0), policy, 0)).toEqual({ ok: true, lockedFor: 30 });
      expect(await reserve('ghost', 1000)).toEqual({ ok: false, retryAfter: 29 });
    } finally {
      await other.close();
    }
  });

  it('forgets a name once it becomes a real account', async () => {
    const one = { ...policy, threshold: 1 };
    await reserve('newbie', 0, one);
    await f.store.unknownLogins.forget('newbie');
    expect(await reserve('newbie', 0, one)).toEqual({ ok: true, lockedFor: 30 });
  });
});
