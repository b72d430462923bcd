import { lockRemainingSeconds, lockSeconds } from '../../src/accounts/lockout.js';
import { createPhantomLockout } from '../../src/accounts/phantom-lockout.js';
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

describe('phantom lockout for unknown usernames (in the store)', () => {
  let f: TestContext;
  beforeEach(async () => (f = await createTestContext()));
  afterEach(() => f.close());

  it('locks after the same number of failures as a real account', async () => {
    const phantom = createPhantomLockout(f.store, policy);
    const started: number[] = [];
    for (let i = 0; i < 5; i++) started.push(await phantom.fail('ghost', 0));
    expect(started).toEqual([0, 0, 0, 0, 30]);
    expect(await phantom.remaining('ghost', 10_000)).toBe(20);
    expect(await phantom.remaining('ghost', 31_000)).toBe(0);
    expect(await phantom.fail('ghost', 31_000)).toBe(60);
  });

  it('is shared: a second instance on the same store sees the lock', async () => {
    const [a, b] = [createPhantomLockout(f.store, policy), createPhantomLockout(f.store, policy)];
    for (let i = 0; i < 3; i++) await a.fail('ghost', 0);
    expect(await b.fail('ghost', 0)).toBe(0);
    expect(await b.fail('ghost', 0)).toBe(30);
    expect(await a.remaining('ghost', 1000)).toBe(29);
  });

  it('forgets a name once it becomes a real account', async () => {
    const phantom = createPhantomLockout(f.store, { ...policy, threshold: 1 });
    await phantom.fail('newbie', 0);
    await phantom.forget('newbie');
    expect(await phantom.remaining('newbie', 0)).toBe(0);
  });
});
