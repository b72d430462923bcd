import { runOutbox } from '../../src/cli/outbox-command.js';
import { cliFixture } from './cli-fixture.js';

describe('pnpm admin outbox', () => {
  let f: Awaited<ReturnType<typeof cliFixture>>;
  beforeEach(async () => {
    f = await cliFixture();
  });
  afterEach(() => f.close());
  const outbox = (...args: string[]) => runOutbox(f.ctx, args);

  it('lists pending and failed items without their content; --all adds sent ones', async () => {
    await outbox();
    expect(f.output()).toContain('Nothing pending or failed.');
    const now = f.ctx.clock();
    await f.ctx.store.outbox.add({ id: 'm1', kind: 'mail', payload: { to: 'a@example.com', subject: 'Hi', text: 'secret-body-text', html: '' } }, now);
    await f.ctx.store.outbox.add({ id: 'l1', kind: 'backchannel_logout', payload: { clientId: 'app', sub: 'u', sid: 's1' } }, now);
    await f.ctx.store.outbox.claim('l1', 'me', now, now + 1000);
    await f.ctx.store.outbox.finish('l1', 'me', { status: 'sent' }, now);
    await outbox();
    expect(f.output()).toMatch(/pending\tmail\t0\tnext=.*\tto=a@example\.com subject=Hi\t\tm1/);
    expect(f.output()).not.toContain('secret-body-text');
    expect(f.output()).not.toContain('client=app');
    await outbox('--all');
    expect(f.output()).toMatch(/sent\tbackchannel_logout\t1\t.*client=app sid=s1/);
  });

  it('refuses bad options', async () => {
    await expect(outbox('--limit', '0')).rejects.toThrow(/--limit/);
    await expect(outbox('--nope')).rejects.toThrow();
  });
});
