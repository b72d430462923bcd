import { manualClock } from '../../src/clock.js';
import type { Store } from '../../src/store/index.js';
import { createTempDatabase, describeWithPostgres } from '../helpers/services.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { browser, csrfToken } from '../interaction/browser.js';
import { makeAccount } from '../interaction/fixtures.js';

const THRESHOLD = 5;
const BURST = 20;
const env = { LOCKOUT_THRESHOLD: String(THRESHOLD), RATE_LIMIT_LOGIN_PER_MINUTE: '1000' };

/**
 * How many passwords were verified against a hash: every check ends in exactly one audit event,
 * `login` (right password) or `login_failed` with reason bad_password / unknown_account. A refusal
 * because of the lock (reason `locked`) was never checked.
 */
async function hashChecks(store: Store): Promise<number> {
  const failed = await store.audit.list({ type: 'login_failed', limit: 1000 });
  const ok = await store.audit.list({ type: 'login', limit: 1000 });
  return failed.filter((e) => e.detail?.reason !== 'locked').length + ok.length;
}

/** Sends BURST wrong passwords for one username at once, spread round-robin over the instances. */
async function burst(instances: TestContext[], username: string): Promise<number[]> {
  const b = browser(instances[0]!.app);
  const csrf = csrfToken((await b.get('/login')).text);
  // The same cookie jar for every request: one attacker's browser.
  const statuses = await Promise.all(
    Array.from({ length: BURST }, (_, i) => {
      const target = browser(instances[i % instances.length]!.app);
      for (const [k, v] of b.jar) target.jar.set(k, v);
      return target.post('/login', { _csrf: csrf, username, password: `wrong-password-${i}` }).then((r) => r.status);
    }),
  );
  return statuses;
}

function suite(name: string, open: () => Promise<{ instances: TestContext[]; close: () => Promise<void> }>) {
  describe(name, () => {
    let instances: TestContext[];
    let close: () => Promise<void>;
    beforeEach(async () => {
      ({ instances, close } = await open());
      await makeAccount(instances[0]!.store, instances[0]!.clock(), 'alice');
    });
    afterEach(() => close());

    it(`checks at most ${THRESHOLD} of ${BURST} parallel wrong passwords for a real account`, async () => {
      const statuses = await burst(instances, 'alice');
      const checks = await hashChecks(instances[0]!.store);
      console.info(`[figure] ${name}, known username: ${checks} hash checks for a burst of ${BURST}`);
      expect(checks).toBeLessThanOrEqual(THRESHOLD);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(BURST - THRESHOLD);
    });

    it(`checks at most ${THRESHOLD} of ${BURST} parallel wrong passwords for an unknown username`, async () => {
      await burst(instances, 'nobody-here');
      const checks = await hashChecks(instances[0]!.store);
      console.info(`[figure] ${name}, unknown username: ${checks} hash checks for a burst of ${BURST}`);
      expect(checks).toBeLessThanOrEqual(THRESHOLD);
    });
  });
}

suite('lockout burst, SQLite, one instance', async () => {
  const t = await createTestContext(env);
  return { instances: [t], close: () => t.close() };
});

suite('lockout burst, SQLite, two instances on one file', async () => {
  const a = await createTestContext(env);
  const b = await createTestContext(env, { sqlitePath: a.config.sqlitePath, clock: a.clock });
  return {
    instances: [a, b],
    close: async () => {
      await b.close();
      await a.close();
    },
  };
});

describeWithPostgres('on PostgreSQL', () => {
  suite('lockout burst, PostgreSQL, one instance', async () => {
    const db = await createTempDatabase();
    const t = await createTestContext({ ...env, DATABASE_URL: db.url });
    return {
      instances: [t],
      close: async () => {
        await t.close();
        await db.drop();
      },
    };
  });

  suite('lockout burst, PostgreSQL, two instances', async () => {
    const db = await createTempDatabase();
    const clock = manualClock();
    const [a, b] = await Promise.all([
      createTestContext({ ...env, DATABASE_URL: db.url }, { clock }),
      createTestContext({ ...env, DATABASE_URL: db.url }, { clock }),
    ]);
    return {
      instances: [a, b],
      close: async () => {
        await a.close();
        await b.close();
        await db.drop();
      },
    };
  });
});
