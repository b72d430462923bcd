import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliContext, CliIo } from '../../src/cli/cli-context.js';
import { manualClock } from '../../src/clock.js';
import { loadConfig, type Env } from '../../src/config/config.js';
import { openStore } from '../../src/store/index.js';

/** A CLI context over a fresh SQLite file; `output()` is everything the commands printed. */
export async function cliFixture(env: Env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
  const config = loadConfig({ NODE_ENV: 'test', SQLITE_PATH: join(dir, 'auth.db'), ...env });
  const lines: string[] = [];
  const ctx: CliContext = {
    store: await openStore({ sqlitePath: config.sqlitePath }),
    clock: manualClock(),
    config,
    out: { log: (l) => void lines.push(l) },
  };
  const passwords: string[] = [];
  const io: CliIo = {
    readPassword: () => {
      const p = passwords.shift();
      if (p === undefined) return Promise.reject(new Error('test gave no password'));
      return Promise.resolve(p);
    },
  };
  return {
    ctx,
    io,
    dir,
    /** Queues the answer to the next password prompt. */
    typePassword: (p: string) => void passwords.push(p),
    output: () => lines.join('\n'),
    clearOutput: () => void lines.splice(0),
    async close() {
      await ctx.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
