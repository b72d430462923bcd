import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cliFixture } from './cli-fixture.js';

const run = promisify(execFile);
const workspaceRoot = join(import.meta.dirname, '../../../..');

/** The one test that runs the real command line: `pnpm admin` from the workspace root. */
describe('admin CLI process', () => {
  let f: Awaited<ReturnType<typeof cliFixture>>;
  beforeAll(async () => (f = await cliFixture()));
  afterAll(() => f.close());

  function admin(args: string[], input?: string) {
    const child = run('pnpm', ['admin', ...args], {
      cwd: workspaceRoot,
      env: { ...process.env, SQLITE_PATH: f.ctx.config.sqlitePath, NODE_ENV: 'test' },
    });
    if (input !== undefined) child.child.stdin?.end(input);
    return child.then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  }

  it('creates a user from stdin, refuses bad input with exit code 2, prints usage', async () => {
    const created = await admin(['users', 'create', '--username', 'carol', '--password-stdin'], 'a long enough secret\n');
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    expect(created).toMatchObject({ code: 0, stdout: expect.stringContaining('Created user carol') });
    const bad = await admin(['clients', 'create', '--id', 'x-app', '--name', 'X', '--redirect-uri', 'http://x.example/cb']);
    // One line, no pnpm lifecycle banner or "Command failed" around it.
    expect(bad).toMatchObject({ code: 2, stdout: '', stderr: 'Error: redirect URI must use https (http only for localhost): http://x.example/cb\n' });
    const missing = await admin(['clients', 'create', '--redirect-uri', 'https://x.example/cb']);
    expect(missing).toMatchObject({ code: 2, stdout: '', stderr: 'Error: Missing required options: --id, --name\n' });
    const help = await admin(['clients', '--help']);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    expect(help).toMatchObject({ code: 0, stderr: '', stdout: expect.stringMatching(/^Usage: pnpm admin clients create/) });
  }, 60_000);
});
