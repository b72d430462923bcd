import { AdminError } from '../../src/admin/admin-error.js';
import { UsageError } from '../../src/cli/cli-context.js';

/** Bad input, as the CLI reports it with exit status 2: a usage error or a refusal of the admin service. */
const operatorError = (e: unknown) => e instanceof UsageError || e instanceof AdminError;
import { runClients } from '../../src/cli/clients-cli.js';
import { verifyClientSecret, verifyClientSecrets } from '../../src/clients/client-secret.js';
import { registerNotesApi } from '../../src/cli/seed.js';
import { cliFixture } from './cli-fixture.js';

describe('admin CLI: clients', () => {
  let f: Awaited<ReturnType<typeof cliFixture>>;
  beforeEach(async () => {
    f = await cliFixture();
    await registerNotesApi(f.ctx.store, f.ctx.config, f.ctx.clock());
  });
  afterEach(() => f.close());
  const clients = (...args: string[]) => runClients(f.ctx, args);
  const create = (...extra: string[]) => clients('create', '--id', 'app-x', '--name', 'App X', ...extra);
  const secretIn = (text: string) => /client_secret:\s+(\S+)/.exec(text)?.[1];

  it('creates a confidential client, shows its secret once and stores only a hash', async () => {
    await create('--redirect-uri', 'https://app.example.com/cb', '--backchannel-logout-uri', 'https://app.example.com/bcl');
    const secret = secretIn(f.output())!;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
    expect(f.output()).toMatch(/shown only once/);

    const stored = (await f.ctx.store.clients.findById('app-x'))!;
    expect(stored.secretHash).not.toContain(secret);
    expect(verifyClientSecret(stored.secretHash, secret)).toBe(true);
    expect(verifyClientSecret(stored.secretHash, `${secret}x`)).toBe(false);
    expect(stored).toMatchObject({ grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid', 'profile', 'email', 'offline_access'], firstParty: false });

    f.clearOutput();
    await clients('show', 'app-x');
    await clients('list');
    expect(f.output()).toContain('app-x');
    expect(f.output()).not.toContain(secret);
    expect(f.output()).not.toContain(stored.secretHash!);
    expect((await f.ctx.store.audit.list({ type: 'client_created' }))[0]?.clientId).toBe('app-x');
  });

  it('creates a public client with no secret', async () => {
    await create('--redirect-uri', 'http://localhost:8080/cb', '--public', '--scope', 'openid', '--first-party');
    expect(secretIn(f.output())).toBeUndefined();
    expect(await f.ctx.store.clients.findById('app-x')).toMatchObject({ secretHash: null, firstParty: true, scopes: ['openid'] });
  });

  it.each([
    ['http://app.example.com/cb', /must use https/],
    ['https://app.example.com/cb#frag', /fragment/],
    ['/relative/cb', /absolute URL/],
    ['javascript:alert(1)', /https URL/],
    ['https://user:pw@app.example.com/cb', /credentials/],
  ])('refuses the redirect URI %s', async (uri, message) => {
    await expect(create('--redirect-uri', uri)).rejects.toThrow(message);
    expect(await f.ctx.store.clients.findById('app-x')).toBeUndefined();
  });

  it.each(['http://localhost:3000/cb', 'http://127.0.0.1:3000/cb', 'http://app-a.localhost:4002/callback', 'https://app.example.com/cb?x=1'])(
    'accepts the redirect URI %s',
    async (uri) => {
      await create('--redirect-uri', uri);
      expect((await f.ctx.store.clients.findById('app-x'))?.redirectUris).toEqual([uri]);
    },
  );

  it.each([
    [['--redirect-uri', 'https://a.example/cb', '--grant-type', 'implicit'], /Unknown grant type/],
    [['--redirect-uri', 'https://a.example/cb', '--scope', 'admin'], /Unknown scope/],
    [['--grant-type', 'client_credentials', '--public', '--scope', 'notes:read'], /public client cannot use client_credentials/],
    [[], /^--redirect-uri is required$/],
    [['--redirect-uri', 'https://a.example/cb', '--grant-type', 'refresh_token'], /needs the authorization_code/],
    [['--redirect-uri', 'https://a.example/cb', '--oops'], /Unknown option/],
  ])('refuses inconsistent input %j', async (args, message) => {
    const err = await create(...args).catch((e: unknown) => e);
    expect(operatorError(err)).toBe(true);
    expect((err as Error).message).toMatch(message);
  });

  it('refuses a bad or taken client id', async () => {
    await expect(clients('create', '--id', 'a b', '--name', 'x', '--redirect-uri', 'https://a.example/cb')).rejects.toThrow(/client id must be 3 to 64/);
    await create('--redirect-uri', 'https://a.example/cb');
    await expect(create('--redirect-uri', 'https://a.example/cb')).rejects.toThrow(/already exists/);
  });

  it('creates a client-credentials service client', async () => {
    await create('--grant-type', 'client_credentials', '--scope', 'notes:read');
    expect(await f.ctx.store.clients.findById('app-x')).toMatchObject({ grantTypes: ['client_credentials'], redirectUris: [], scopes: ['notes:read'] });
    expect(secretIn(f.output())).toBeDefined();
  });

  it('updates a client, re-checking every rule, and audits it', async () => {
    await create('--redirect-uri', 'https://a.example/cb');
    await clients('update', 'app-x', '--redirect-uri', 'https://b.example/cb', '--redirect-uri', 'https://c.example/cb', '--first-party', '--name', 'Renamed');
    expect(await f.ctx.store.clients.findById('app-x')).toMatchObject({ name: 'Renamed', firstParty: true, redirectUris: ['https://b.example/cb', 'https://c.example/cb'] });
    await expect(clients('update', 'app-x', '--redirect-uri', 'http://evil.example/cb')).rejects.toThrow(/https/);
    await expect(clients('update', 'app-x')).rejects.toThrow(/Nothing to update/);
    await expect(clients('update', 'nope', '--name', 'x')).rejects.toThrow(/No client nope/);
    expect(await f.ctx.store.audit.list({ type: 'client_updated' })).toHaveLength(1);
  });

  it('a client can ask for verified e-mail addresses before sign-in', async () => {
    await create('--redirect-uri', 'https://a.example/cb');
    expect((await f.ctx.store.clients.findById('app-x'))!.requireVerifiedEmail).toBe(false);
    await clients('update', 'app-x', '--require-verified-email');
    expect((await f.ctx.store.clients.findById('app-x'))!.requireVerifiedEmail).toBe(true);
    await clients('update', 'app-x', '--allow-unverified-email');
    expect((await f.ctx.store.clients.findById('app-x'))!.requireVerifiedEmail).toBe(false);
  });

  it('rotates a secret: the old one stops working at once', async () => {
    await create('--redirect-uri', 'https://a.example/cb');
    const old = secretIn(f.output())!;
    f.clearOutput();
    await clients('rotate-secret', 'app-x');
    const fresh = secretIn(f.output())!;
    const { secretHash } = (await f.ctx.store.clients.findById('app-x'))!;
    expect(verifyClientSecret(secretHash, fresh)).toBe(true);
    expect(verifyClientSecret(secretHash, old)).toBe(false);
  });

  it('rotates a secret with --grace: the old one keeps working that long, then stops', async () => {
    await create('--redirect-uri', 'https://a.example/cb');
    const old = secretIn(f.output())!;
    f.clearOutput();
    const rotatedAt = f.ctx.clock();
    await clients('rotate-secret', 'app-x', '--grace', '86400');
    const fresh = secretIn(f.output())!;
    expect(f.output()).toContain(`The previous secret keeps working until ${new Date(rotatedAt + 86_400_000).toISOString()}.`);
    const client = (await f.ctx.store.clients.findById('app-x'))!;
    expect(verifyClientSecrets(client, fresh, rotatedAt)).toBe(true);
    expect(verifyClientSecrets(client, old, rotatedAt + 86_400_000 - 1)).toBe(true);
    expect(verifyClientSecrets(client, old, rotatedAt + 86_400_000)).toBe(false);
    f.clearOutput();
    await clients('show', 'app-x');
    expect(f.output()).toMatch(/previous secret: +accepted until /);
    await expect(clients('rotate-secret', 'app-x', '--grace', 'a day')).rejects.toThrow(UsageError);
    await expect(clients('rotate-secret', 'app-x', '--grace', '604801')).rejects.toThrow(/graceSeconds must be/);
  });

  it('deletes a client once', async () => {
    await create('--redirect-uri', 'https://a.example/cb');
    await clients('delete', 'app-x');
    expect(await f.ctx.store.clients.findById('app-x')).toBeUndefined();
    await expect(clients('delete', 'app-x')).rejects.toThrow(/No client/);
    expect(await f.ctx.store.audit.list({ type: 'client_deleted' })).toHaveLength(1);
  });
});
