import { lockRemainingSeconds, lockSeconds } from '../../src/accounts/lockout.js';
import { createPhantomLockout } from '../../src/accounts/phantom-lockout.js';

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

describe('phantom lockout for unknown usernames', () => {
  it('locks after the same number of failures as a real account', () => {
    const phantom = createPhantomLockout(policy);
    const started = [1, 2, 3, 4, 5].map(() => phantom.fail('ghost', 0));
    expect(started).toEqual([0, 0, 0, 0, 30]);
    expect(phantom.remaining('ghost', 10_000)).toBe(20);
    expect(phantom.remaining('ghost', 31_000)).toBe(0);
    expect(phantom.fail('ghost', 31_000)).toBe(60);
  });

  it('forgets a name once it becomes a real account', () => {
    const phantom = createPhantomLockout({ ...policy, threshold: 1 });
    phantom.fail('newbie', 0);
    phantom.forget('newbie');
    expect(phantom.remaining('newbie', 0)).toBe(0);
  });
});
