import { runCli } from '../../src/cli/index.js';
import { createUser } from '../../src/cli/users-command.js';
import { cliFixture } from './cli-fixture.js';

/** What an operator sees: usage on stdout with exit 0 at every level, one error line with exit 2. */
describe('admin CLI help and errors', () => {
  let f: Awaited<ReturnType<typeof cliFixture>>;
  beforeAll(async () => (f = await cliFixture()));
  afterAll(() => f.close());

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const env = { NODE_ENV: 'test', SQLITE_PATH: f.ctx.config.sqlitePath };
    const code = await runCli(argv, env, { log: (l) => void out.push(l) }, { log: (l) => void err.push(l) }, f.io);
    return { code, out: out.join('\n'), err };
  }

  it.each([
    [['--help'], 'Usage: pnpm admin <command>'],
    [['help', 'clients'], 'Usage: pnpm admin clients create'],
    [['clients', '--help'], 'Usage: pnpm admin clients create'],
    [['clients', 'create', '--help'], 'Usage: pnpm admin clients create'],
    [['clients'], 'Usage: pnpm admin clients create'],
    [['users', '--help'], 'Usage: pnpm admin users create'],
    [['users', 'create', '-h'], 'Usage: pnpm admin users create'],
    [['apis', '--help'], 'Usage: pnpm admin apis create'],
    [['keys', '--help'], 'Usage: pnpm admin keys list'],
    [['audit', '--help'], 'Usage: pnpm admin audit'],
    [['outbox', '--help'], 'Usage: pnpm admin outbox'],
    [['seed', '--help'], 'Usage: pnpm admin seed'],
  ])('%j prints usage and exits 0', async (argv, usage) => {
    const r = await cli(...argv);
    expect(r).toMatchObject({ code: 0, err: [] });
    expect(r.out.startsWith(usage)).toBe(true);
  });

  it.each([
    [['frobnicate'], 'Error: Unknown command: frobnicate (pnpm admin --help lists them)'],
    [['constructor'], 'Error: Unknown command: constructor (pnpm admin --help lists them)'],
    [['clients', 'frobnicate'], 'Error: Unknown clients command: frobnicate (pnpm admin clients --help lists them)'],
    [['keys', 'frobnicate'], 'Error: Unknown keys command: frobnicate (pnpm admin keys --help lists them)'],
    [['clients', 'create'], 'Error: Missing required options: --id, --name, --redirect-uri'],
    [['clients', 'create', '--redirect-uri', 'https://x.example/cb'], 'Error: Missing required options: --id, --name'],
    [['clients', 'create', '--grant-type', 'client_credentials'], 'Error: Missing required options: --id, --name'],
    [['apis', 'create'], 'Error: Missing required options: --identifier, --name, --scope'],
    [['apis', 'create', '--scope', 'read=Read'], 'Error: Missing required options: --identifier, --name'],
    [['users', 'create'], 'Error: --username is required'],
    [['users', 'list', '--frob'], expect.stringMatching(/^Error: Unknown option '--frob'/)],
  ])('%j is one error line on stderr, exit 2', async (argv, line) => {
    expect(await cli(...argv)).toEqual({ code: 2, out: '', err: [line] });
  });

  it('a refusal of the admin service layer (AdminError) is one line with exit 2, like a usage error', async () => {
    const missing = await cli('users', 'disable', 'nobody');
    expect(missing).toMatchObject({ code: 2, err: ['Error: No user nobody'] });
  });

  it('a refusal of the admin service layer (not found, invalid, conflict) is one line with exit 2', async () => {
    expect(await cli('clients', 'delete', 'nope')).toEqual({ code: 2, out: '', err: ['Error: No client nope'] });
    expect(await cli('clients', 'create', '--id', 'x y', '--name', 'X', '--redirect-uri', 'https://x.example/cb')).toMatchObject({ code: 2, out: '' });
    expect((await cli('clients', 'update', 'admin-console', '--name', 'Mine')).err).toEqual([expect.stringMatching(/^Error: admin-console is the server's own console client/)]);
  });

  it('a configuration error is one line too', async () => {
    const err: string[] = [];
    const code = await runCli(['users', 'list'], { NODE_ENV: 'test', SQLITE_PATH: f.ctx.config.sqlitePath, PORT: 'soon' }, { log: () => {} }, { log: (l) => void err.push(l) });
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^Error: Invalid configuration/);
  });

  it('audit --type names an unknown type and lists the known ones; a known type without events says so', async () => {
    const r = await cli('audit', '--type', 'nosuchtype');
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(/^Error: Unknown audit event type nosuchtype; known types: .*\blogin_failed\b.*\bsignup\b/);
    expect(await cli('audit', '--type', 'code_replay')).toEqual({ code: 0, out: 'No code_replay events.', err: [] });
  });

  it('audit lines name the user and the client, not the account id', async () => {
    const alice = await createUser(f.ctx, { username: 'alice', password: 'a long enough secret' });
    await f.ctx.store.audit.record({ type: 'login', accountId: alice.id, clientId: 'demo-app-a', ip: '127.0.0.1', detail: null }, f.ctx.clock());
    const r = await cli('audit', '--type', 'login');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\tlogin\tuser=alice client=demo-app-a ip=127\.0\.0\.1$/);
    expect(r.out).not.toContain(alice.id);
  });
});
