import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from '../../src/accounts/create-account.js';
import { manualClock } from '../../src/clock.js';
import { createLogger } from '../../src/logger.js';
import { startMailCatcher } from '../../src/mail/dev/mail-catcher.js';
import { startServer } from '../../src/server.js';
import { openStore } from '../../src/store/index.js';
import { Browser, csrfFrom } from '../helpers/browser.js';
import { freePort } from '../outbox/outbox-fixture.js';

/**
 * The real server (its own poller, real SMTP): a reset mail asked for while the SMTP server is down
 * is still pending when the instance stops, and the next instance sends it, once.
 */
test('a mail pending at shutdown is sent by the next instance, exactly once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-restart-'));
  const smtpPort = await freePort();
  const env = { NODE_ENV: 'test', PORT: '0', SQLITE_PATH: join(dir, 'auth.db'), SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, OUTBOX_POLL_MS: '100' };
  const clock = manualClock(Date.now());
  const logger = createLogger('silent');
  try {
    const first = await startServer(env, { clock, logger });
    await createAccount(first.deps.store, clock(), { username: 'pia', email: 'pia@example.com', password: 'correct horse battery staple' });
    const b = new Browser(first.url);
    const page = await (await b.get('/forgot-password')).text();
    expect((await b.post('/forgot-password', { _csrf: csrfFrom(page), email: 'pia@example.com' })).status).toBe(200);
    await first.close(); // waits for a running delivery attempt, which fails: SMTP is down

    const store = await openStore({ sqlitePath: env.SQLITE_PATH });
    const [pending] = await store.outbox.list();
    expect(pending).toMatchObject({ kind: 'reset_password', status: 'pending' });
    await store.close();

    const catcher = await startMailCatcher({ port: smtpPort });
    clock.advance(3600_000); // past any back-off
    const second = await startServer(env, { clock, logger });
    const [mail] = await catcher.waitForCount(1, 10_000);
    await second.close();
    expect(mail).toMatchObject({ to: ['pia@example.com'], subject: 'Reset your password' });
    expect(catcher.mails).toHaveLength(1);
    const after = await openStore({ sqlitePath: env.SQLITE_PATH });
    expect((await after.outbox.list()).map((i) => i.status)).toEqual(['sent']);
    await after.close();
    await catcher.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
