import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../../src/clock.js';
import { listOutbox } from '../../src/cli/outbox-command.js';
import { backoffDelay } from '../../src/outbox/outbox.js';
import { openStore, type Store } from '../../src/store/index.js';
import { createTempDatabase, describeWithPostgres } from '../helpers/services.js';
import { catcherOn, freePort, mail, outboxOver } from './outbox-fixture.js';

type Open = () => Promise<Store>;

function outboxSuite(engine: string, setup: () => Promise<{ open: Open; cleanup: () => Promise<void> }>) {
  describe(`outbox on ${engine}`, () => {
    let open: Open;
    let cleanup: () => Promise<void>;
    const stores: Store[] = [];
    const opened = async () => {
      const s = await open();
      stores.push(s);
      return s;
    };
    beforeEach(async () => {
      ({ open, cleanup } = await setup());
    });
    afterEach(async () => {
      for (const s of stores.splice(0)) await s.close().catch(() => undefined);
      await cleanup();
    });

    test('a mail written in a transaction travels over SMTP once', async () => {
      const catcher = await catcherOn();
      const store = await opened();
      const { outbox, mailer } = outboxOver(store, catcher.port);
      await store.transaction((tx) => outbox.enqueue(tx, 'mail', mail('ann@example.com', 'Welcome')));
      expect(await outbox.tick()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(await outbox.tick()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(catcher.mails).toHaveLength(1);
      expect(catcher.mails[0]).toMatchObject({ to: ['ann@example.com'], subject: 'Welcome', text: 'text for ann@example.com' });
      expect(catcher.mails[0]!.html).toContain('<p>html for ann@example.com</p>');
      mailer.close();
      await catcher.close();
    });

    test('a transaction that fails writes no mail', async () => {
      const store = await opened();
      const { outbox, mailer } = outboxOver(store, await freePort());
      await expect(
        store.transaction(async (tx) => {
          await outbox.enqueue(tx, 'mail', mail('ann@example.com'));
          throw new Error('cause rolled back');
        }),
      ).rejects.toThrow('cause rolled back');
      expect(await store.outbox.list()).toEqual([]);
      mailer.close();
    });

    test('SMTP down, then up: retried with back-off, every mail arrives exactly once', async () => {
      const port = await freePort();
      const store = await opened();
      const { outbox, clock, mailer } = outboxOver(store, port);
      for (const to of ['a@example.com', 'b@example.com', 'c@example.com']) await store.transaction((tx) => outbox.enqueue(tx, 'mail', mail(to)));

      expect(await outbox.tick()).toEqual({ sent: 0, retrying: 3, failed: 0 });
      // Not due again before the back-off has passed.
      clock.advance(backoffDelay(1) - 1);
      expect(await outbox.tick()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      clock.advance(1);
      expect(await outbox.tick()).toEqual({ sent: 0, retrying: 3, failed: 0 });
      const pending = await store.outbox.list({ status: ['pending'] });
      expect(pending.map((p) => p.attempts)).toEqual([2, 2, 2]);
      expect(pending[0]!.lastError).toMatch(/ECONNREFUSED|connect/i);

      const catcher = await catcherOn(port);
      clock.advance(backoffDelay(2));
      expect(await outbox.tick()).toEqual({ sent: 3, retrying: 0, failed: 0 });
      clock.advance(backoffDelay(10));
      expect(await outbox.tick()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      expect(catcher.mails.map((m) => m.to[0]).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
      mailer.close();
      await catcher.close();
    });

    test('two instances ticking at once never send the same mail', async () => {
      const catcher = await catcherOn();
      const clock = manualClock(Date.now());
      const one = outboxOver(await opened(), catcher.port, clock);
      const two = outboxOver(await opened(), catcher.port, clock);
      const recipients = Array.from({ length: 12 }, (_, i) => `user${i}@example.com`);
      for (const to of recipients) await one.deps.store.transaction((tx) => one.outbox.enqueue(tx, 'mail', mail(to)));
      const [r1, r2] = await Promise.all([one.outbox.tick(), two.outbox.tick()]);
      expect(r1.sent + r2.sent).toBe(12);
      expect(catcher.mails.map((m) => m.to[0]).sort()).toEqual([...recipients].sort());
      one.mailer.close();
      two.mailer.close();
      await catcher.close();
    });

    test('pending mail survives a restart and is sent by the next instance', async () => {
      const first = await opened();
      const before = outboxOver(first, await freePort());
      await first.transaction((tx) => before.outbox.enqueue(tx, 'mail', mail('kept@example.com')));
      before.mailer.close();
      await first.close();

      const catcher = await catcherOn();
      const after = outboxOver(await opened(), catcher.port);
      expect(await after.outbox.tick()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      expect(catcher.mails.map((m) => m.to[0])).toEqual(['kept@example.com']);
      after.mailer.close();
      await catcher.close();
    });

    test('an instance that died mid-send leaves a lease that lapses, then another sends', async () => {
      const catcher = await catcherOn();
      const store = await opened();
      const { outbox, clock, mailer } = outboxOver(store, catcher.port);
      const id = await store.transaction((tx) => outbox.enqueue(tx, 'mail', mail('lease@example.com')));
      expect(await store.outbox.claim(id, 'dead-instance', clock(), clock() + 120_000)).toBeDefined();
      expect(await outbox.tick()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      clock.advance(120_001);
      expect(await outbox.tick()).toEqual({ sent: 1, retrying: 0, failed: 0 });
      // The dead instance's late report does not undo the delivery.
      expect(await store.outbox.finish(id, 'dead-instance', { status: 'pending' }, clock())).toBe(false);
      expect((await store.outbox.find(id))!.status).toBe('sent');
      expect(catcher.mails).toHaveLength(1);
      mailer.close();
      await catcher.close();
    });

    test('after the last attempt the item is failed and `admin outbox` shows it', async () => {
      const store = await opened();
      const { outbox, clock, mailer } = outboxOver(store, await freePort());
      await store.transaction((tx) => outbox.enqueue(tx, 'mail', mail('never@example.com', 'Lost cause')));
      for (let attempt = 1; attempt <= 12; attempt++) {
        const r = await outbox.tick();
        expect(r).toEqual(attempt < 12 ? { sent: 0, retrying: 1, failed: 0 } : { sent: 0, retrying: 0, failed: 1 });
        clock.advance(backoffDelay(attempt));
      }
      expect(await outbox.tick()).toEqual({ sent: 0, retrying: 0, failed: 0 });
      const lines: string[] = [];
      await listOutbox({ store, clock, out: { log: (l) => lines.push(l) } }, {});
      expect(lines.join('\n')).toMatch(/failed\tmail\t12\t.*never@example\.com.*Lost cause/);
      mailer.close();
    });
  });
}

outboxSuite('SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
  return Promise.resolve({ open: () => openStore({ sqlitePath: join(dir, 'auth.db') }), cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) });
});

describeWithPostgres('PostgreSQL', () => {
  outboxSuite('PostgreSQL', async () => {
    const db = await createTempDatabase();
    return { open: () => openStore({ databaseUrl: db.url, poolSize: 4 }), cleanup: () => db.drop() };
  });
});
