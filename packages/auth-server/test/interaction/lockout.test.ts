import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { browser } from './browser.js';
import { makeAccount, PASSWORD } from './fixtures.js';

const login = (t: TestContext, username: string, password: string) => browser(t.app).submit('/login', '/login', { username, password });

describe('account lockout', () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext({ LOCKOUT_THRESHOLD: '3', LOCKOUT_BASE_SECONDS: '30', LOCKOUT_MAX_SECONDS: '100' });
    await makeAccount(t.store, t.clock(), 'alice');
  });
  afterEach(() => t.close());

  it('locks after the threshold, refusing even the right password with 429 and Retry-After', async () => {
    expect((await login(t, 'alice', 'wrong-1')).status).toBe(401);
    expect((await login(t, 'alice', 'wrong-2')).status).toBe(401);
    const third = await login(t, 'alice', 'wrong-3');
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('30');

    const right = await login(t, 'alice', PASSWORD);
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(right.text).toContain('Try again in 30 seconds');
    expect(right.headers['set-cookie']?.toString() ?? '').not.toContain('sso_session=');
    expect((await t.store.audit.list({ type: 'lockout' })).length).toBe(1);
    expect(await t.deps.metrics.registry.getSingleMetricAsString('auth_lockouts_total')).toContain('auth_lockouts_total 1');
  });

  it('lifts the lock when the clock passes it, and doubles it on the next failure', async () => {
    for (const p of ['w1', 'w2', 'w3']) await login(t, 'alice', p);
    t.clock.advance(31_000);
    const again = await login(t, 'alice', 'w4');
    expect(again.status).toBe(429);
    expect(again.headers['retry-after']).toBe('60');
    t.clock.advance(61_000);
    const capped = await login(t, 'alice', 'w5');
    expect(capped.headers['retry-after']).toBe('100'); // 120 s capped at LOCKOUT_MAX_SECONDS
    t.clock.advance(101_000);
    expect((await login(t, 'alice', PASSWORD)).status).toBe(303);
  });

  it('resets the counter after a successful login', async () => {
    await login(t, 'alice', 'w1');
    await login(t, 'alice', 'w2');
    expect((await login(t, 'alice', PASSWORD)).status).toBe(303);
    expect((await t.store.accounts.findByUsername('alice'))?.failedLogins).toBe(0);
    expect((await login(t, 'alice', 'w3')).status).toBe(401);
    expect((await login(t, 'alice', 'w4')).status).toBe(401);
  });

  it('answers an unknown username exactly like a real one, lock included', async () => {
    const statuses = async (name: string) => {
      const out: string[] = [];
      for (const p of ['w1', 'w2', 'w3', 'w4']) {
        const r = await login(t, name, p);
        out.push(`${r.status}:${r.headers['retry-after'] ?? ''}`);
      }
      return out;
    };
    const real = await statuses('alice');
    expect(await statuses('ghost')).toEqual(real);
    expect(real).toEqual(['401:', '401:', '429:30', '429:30']);
  });
});
