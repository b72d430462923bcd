import { createKeySealer } from '../../src/keys/key-encryption.js';
import { verifyPassword } from '../../src/accounts/passwords.js';
import { runKeys } from '../../src/cli/keys-command.js';
import { verifyClientSecret } from '../../src/clients/client-secret.js';
import { seedDemo } from '../../src/cli/seed.js';
import { cliFixture } from './cli-fixture.js';

describe('admin CLI: keys', () => {
  let f: Awaited<ReturnType<typeof cliFixture>>;
  beforeEach(async () => (f = await cliFixture({ KEY_PUBLISH_AHEAD: '600' })));
  afterEach(() => f.close());

  it('rotates: the new key is upcoming, the current one keeps signing; list shows no private material', async () => {
    await runKeys(f.ctx, ['rotate']);
    const [next, first] = await f.ctx.store.keys.list();
    expect(next!.activeFrom).toBe(f.ctx.clock() + 600_000);
    f.clearOutput();
    await runKeys(f.ctx, ['list']);
    const out = f.output();
    expect(out).toMatch(new RegExp(`${next!.kid}\\tupcoming`));
    expect(out).toMatch(new RegExp(`${first!.kid}\\tcurrent`));
    const sealer = createKeySealer(f.ctx.config.keyEncryptionSecret);
    for (const k of [next!, first!]) {
      const jwk = await sealer.open(k.kid, k.sealedPrivateKey);
      for (const secret of [jwk.d!, jwk.p!, k.sealedPrivateKey]) expect(out).not.toContain(secret);
    }
    expect((await f.ctx.store.audit.list({ type: 'key_rotated' }))[0]?.detail).toMatchObject({ kid: next!.kid });
  });
});

describe('demo seed', () => {
  let f: Awaited<ReturnType<typeof cliFixture>>;
  beforeEach(async () => (f = await cliFixture()));
  afterEach(() => f.close());
  const logger = { info: () => undefined };

  it('registers the demo clients and accounts, idempotently, following config', async () => {
    await seedDemo({ ...f.ctx, logger });
    await seedDemo({ ...f.ctx, logger });
    const { store } = f.ctx;
    expect((await store.clients.list()).map((c) => c.clientId)).toEqual(['demo-app-a', 'demo-app-b', 'demo-service']);
    const a = (await store.clients.findById('demo-app-a'))!;
    expect(a).toMatchObject({
      name: 'App A',
      redirectUris: ['http://app-a.localhost:4002/callback'],
      postLogoutRedirectUris: ['http://app-a.localhost:4002/'],
      backchannelLogoutUri: 'http://app-a.localhost:4002/backchannel-logout',
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: ['openid', 'profile', 'email', 'offline_access', 'notes:read', 'notes:write'],
      firstParty: true,
    });
    expect(verifyClientSecret(a.secretHash, 'dev-secret-app-a')).toBe(true);
    const service = (await store.clients.findById('demo-service'))!;
    expect(service).toMatchObject({ grantTypes: ['client_credentials'], scopes: ['notes:read'] });
    expect(verifyClientSecret(service.secretHash, 'dev-secret-service')).toBe(true);

    const demo = (await store.accounts.findByUsername('demo'))!;
    expect(demo).toMatchObject({ email: 'demo@example.com', name: 'Demo User', roles: [] });
    expect(await verifyPassword(demo.passwordHash, 'sunny-meadow-2026')).toBe(true);
    const admin = (await store.accounts.findByUsername('admin'))!;
    expect(admin).toMatchObject({ name: 'Demo Admin', roles: ['admin'] });
    expect(await verifyPassword(admin.passwordHash, 'granite-tower-2026')).toBe(true);
  });

  it('brings existing demo clients in line with a changed config', async () => {
    await seedDemo({ ...f.ctx, logger });
    const config = { ...f.ctx.config, demo: { ...f.ctx.config.demo, appBUrl: 'https://b.example.com', appBSecret: 'another-secret-b' } };
    await seedDemo({ ...f.ctx, config, logger });
    const b = (await f.ctx.store.clients.findById('demo-app-b'))!;
    expect(b.redirectUris).toEqual(['https://b.example.com/callback']);
    expect(verifyClientSecret(b.secretHash, 'another-secret-b')).toBe(true);
    expect(verifyClientSecret(b.secretHash, 'dev-secret-app-b')).toBe(false);
  });
});
