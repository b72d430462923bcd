import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '../..');

/**
 * The real process, as a container runs it: SIGTERM drains and exits cleanly. Node runs the server
 * itself with tsx as a loader: the `tsx` and `pnpm exec` launchers relay signals, and tsx kills a
 * child with SIGKILL when it has not acknowledged the signal within some 60 ms, which a busy CI
 * machine can exceed, so they would test the launcher, not the server.
 */
test('SIGTERM: the in-flight request is answered, then the process exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigterm-'));
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=development', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', PORT: '0', SQLITE_PATH: join(dir, 'auth.db'), LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    // Every JSON log line is offered to whoever waits for one like it.
    type Entry = { msg?: string; url?: string; method?: string };
    const waiters: { match(e: Entry): boolean; resolve(e: Entry): void }[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      const entry = JSON.parse(line) as Entry;
      for (const w of waiters.filter((w) => w.match(entry))) w.resolve(entry);
    });
    const logged = (match: (e: Entry) => boolean) => new Promise<Entry>((resolve) => waiters.push({ match, resolve }));

    const { url = '' } = await logged((e) => e.msg === 'auth-server listening');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // A login POST is slow (argon2 for the unknown user): send it, and SIGTERM while it runs.
    const page = await fetch(`${url}/login`);
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const started = logged((e) => e.msg === 'request started' && e.method === 'POST');
    const inFlight = fetch(`${url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf, username: 'nobody', password: 'not-the-password' }).toString(),
    });
    const seen = logged((e) => e.msg === 'shutting down');
    await started; // the server is handling it
    child.kill('SIGTERM');
    await seen;
    child.kill('SIGTERM'); // repeated while draining (an impatient orchestrator): changes nothing
    const res = await inFlight;
    expect(res.status).toBe(401);
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
