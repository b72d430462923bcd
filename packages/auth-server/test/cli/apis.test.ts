import { runApis } from '../../src/cli/apis-cli.js';
import { AdminError } from '../../src/admin/admin-error.js';
import { UsageError } from '../../src/cli/cli-context.js';

/** Bad input, as the CLI reports it with exit status 2: a usage error or a refusal of the admin service. */
const operatorError = (e: unknown) => e instanceof UsageError || e instanceof AdminError;
import { runClients } from '../../src/cli/clients-cli.js';
import { verifyClientSecret } from '../../src/clients/client-secret.js';
import { cliFixture } from './cli-fixture.js';

describe('admin CLI: apis', () => {
  let f: Awaited<ReturnType<typeof cliFixture>>;
  beforeEach(async () => (f = await cliFixture()));
  afterEach(() => f.close());
  const apis = (...args: string[]) => runApis(f.ctx, args);
  const reports = (...extra: string[]) =>
    apis('create', '--identifier', 'https://reports.example.com', '--name', 'Reports', '--scope', 'reports:read=Read your reports', ...extra);
  const refusal = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error);

  it('registers an API with scopes, roles and lifetime; shows and lists it', async () => {
    await reports('--scope', 'reports:write=Change your reports', '--roles', '--token-ttl', '600');
    expect(await f.ctx.store.apis.find('https://reports.example.com')).toMatchObject({
      name: 'Reports',
      scopes: [
        { name: 'reports:read', description: 'Read your reports' },
        { name: 'reports:write', description: 'Change your reports' },
      ],
      includeRoles: true,
      accessTokenTtl: 600,
      secretHash: null,
    });
    f.clearOutput();
    await apis('list');
    expect(f.output()).toBe('https://reports.example.com\tReports\treports:read reports:write');
    f.clearOutput();
    await apis('show', 'https://reports.example.com');
    expect(f.output()).toMatch(/reports:write\s+Change your reports/);
  });

  it('lets clients take the new scopes, which were "Unknown scope" before', async () => {
    const client = () => runClients(f.ctx, ['create', '--id', 'reports-job', '--name', 'Job', '--grant-type', 'client_credentials', '--scope', 'reports:read']);
    expect((await refusal(client()))?.message).toMatch(/Unknown scope reports:read/);
    await reports();
    await client();
    expect((await f.ctx.store.clients.findById('reports-job'))?.scopes).toEqual(['reports:read']);
  });

  it.each([
    [['--scope', 'openid=Sign in'], /OpenID Connect scope/],
    [['--scope', 'reports:read=Again'], /listed twice/],
    [['--scope', 'bad scope=x'], /without spaces/],
    [['--scope', 'nodesc'], /needs a description/],
    [['--token-ttl', '5'], /must be whole seconds from 60/],
    [['--oops'], /Unknown option/],
  ])('refuses bad input %j', async (args, message) => {
    const err = await refusal(reports(...args));
    expect(operatorError(err)).toBe(true);
    expect(err?.message).toMatch(message);
  });

  it.each(['http://reports.example.com', 'https://reports.example.com/#x', 'reports'])('refuses the identifier %s', async (identifier) => {
    const err = await refusal(apis('create', '--identifier', identifier, '--name', 'R', '--scope', 'r:read=Read'));
    expect(operatorError(err)).toBe(true);
  });

  it('keeps scope names unique across the server', async () => {
    await reports();
    const err = await refusal(apis('create', '--identifier', 'https://other.example.com', '--name', 'Other', '--scope', 'reports:read=Mine too'));
    expect(err?.message).toMatch(/already belongs to Reports/);
    expect(await f.ctx.store.apis.find('https://other.example.com')).toBeUndefined();
  });

  it('updates an API; will not drop or delete scopes a client still uses', async () => {
    await reports('--scope', 'reports:write=Change your reports');
    await runClients(f.ctx, ['create', '--id', 'reports-job', '--name', 'Job', '--grant-type', 'client_credentials', '--scope', 'reports:write']);
    await apis('update', 'https://reports.example.com', '--name', 'Reporting', '--token-ttl', '300', '--roles');
    expect(await f.ctx.store.apis.find('https://reports.example.com')).toMatchObject({ name: 'Reporting', accessTokenTtl: 300, includeRoles: true });
    expect((await refusal(apis('update', 'https://reports.example.com', '--scope', 'reports:read=Read')))?.message).toMatch(/reports-job/);
    expect((await refusal(apis('delete', 'https://reports.example.com')))?.message).toMatch(/reports-job/);
    await runClients(f.ctx, ['delete', 'reports-job']);
    await apis('delete', 'https://reports.example.com');
    expect(await f.ctx.store.apis.list()).toEqual([]);
  });

  it('gives the API introspection credentials, shown once and stored as a hash', async () => {
    await reports();
    f.clearOutput();
    await apis('rotate-secret', 'https://reports.example.com');
    const secret = /client_secret:\s+(\S+)/.exec(f.output())![1]!;
    const stored = (await f.ctx.store.apis.find('https://reports.example.com'))!;
    expect(stored.secretHash).not.toContain(secret);
    expect(verifyClientSecret(stored.secretHash, secret)).toBe(true);
  });
});
