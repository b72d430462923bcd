import { runClients } from '../../src/cli/clients-cli.js';
import { runUsers } from '../../src/cli/users-cli.js';
import { cliFixture } from '../cli/cli-fixture.js';

describe('admin CLI: MFA requirements and factor reset', () => {
  let f: Awaited<ReturnType<typeof cliFixture>>;
  beforeEach(async () => (f = await cliFixture()));
  afterEach(() => f.close());

  it('clients create|update --require-mfa / --no-require-mfa, audited', async () => {
    await runClients(f.ctx, ['create', '--id', 'app', '--name', 'App', '--redirect-uri', 'https://app.example/cb', '--require-mfa']);
    expect(await f.ctx.store.mfaRequirements.has('client', 'app')).toBe(true);
    await runClients(f.ctx, ['update', 'app', '--no-require-mfa']);
    expect(await f.ctx.store.mfaRequirements.has('client', 'app')).toBe(false);
    const events = await f.ctx.store.audit.list({ type: 'mfa_requirement_changed' });
    expect(events.map((e) => e.detail?.required)).toEqual(expect.arrayContaining([true, false]));
  });

  it('users require-mfa and reset-factors, audited', async () => {
    f.typePassword('correct horse battery');
    await runUsers(f.ctx, f.io, ['create', '--username', 'alice']);
    const alice = (await f.ctx.store.accounts.findByUsername('alice'))!;
    await runUsers(f.ctx, f.io, ['require-mfa', 'alice']);
    expect(await f.ctx.store.mfaRequirements.has('account', alice.id)).toBe(true);

    const now = f.ctx.clock();
    await f.ctx.store.totp.startEnrolment(alice.id, 'sealed', now);
    await f.ctx.store.totp.confirm(alice.id, 1, now);
    await f.ctx.store.recoveryCodes.replace(alice.id, ['h1', 'h2'], now);
    await f.ctx.store.passkeys.create({
      credentialId: 'cred', accountId: alice.id, publicKey: 'pk', counter: 0, transports: [], deviceType: 'singleDevice',
      backedUp: false, name: 'Key', createdAt: now, lastUsedAt: null,
    });
    await runUsers(f.ctx, f.io, ['reset-factors', 'alice']);
    expect(await f.ctx.store.totp.find(alice.id)).toBeUndefined();
    expect(await f.ctx.store.passkeys.listByAccount(alice.id)).toEqual([]);
    expect(await f.ctx.store.recoveryCodes.countUnused(alice.id)).toBe(0);
    expect((await f.ctx.store.audit.list({ type: 'factors_reset' }))[0]?.detail).toMatchObject({ by: 'cli', totp: true, passkeys: 1 });
  });
});
