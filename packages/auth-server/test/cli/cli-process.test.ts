import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cliFixture } from './cli-fixture.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');

/** The one test that runs the real command line, as `pnpm admin` does. */
describe('admin CLI process', () => {
  let f: Awaited<ReturnType<typeof cliFixture>>;
  beforeAll(async () => (f = await cliFixture()));
  afterAll(() => f.close());

  function admin(args: string[], input?: string) {
    const child = run('pnpm', ['exec', 'tsx', '--conditions=development', 'src/cli/index.ts', ...args], {
      cwd: root,
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
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('must use https') });
    const help = await admin([]);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: pnpm admin') });
  }, 60_000);
});
