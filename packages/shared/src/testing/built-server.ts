import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Whether a server's build output exists. Without it the production-bundle tests skip with a
 * one-line notice; CI (REQUIRE_SERVICES=1), which builds before it tests, insists on it.
 */
export function builtEntryExists(entry: string, testFile: string): boolean {
  if (existsSync(entry)) return true;
  const hint = `${entry} not built: run \`pnpm build\` first`;
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(hint);
  process.stderr.write(`[skip] ${basename(testFile)}: production bundle test skipped; ${hint}\n`);
  return false;
}

export interface BuiltServer {
  url: string;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>;
}

/**
 * `node <entry>` as production runs it, on the environment given (PORT=0 for an ephemeral port and
 * LOG_LEVEL=info, so the JSON line `listening` logs names its URL); resolves once it listens.
 */
export async function startBuiltServer(entry: string, env: Record<string, string>, listening: string): Promise<BuiltServer> {
  const child = spawn(process.execPath, [entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await Promise.race([
      new Promise<string>((resolve) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          const logged = JSON.parse(line) as { msg?: string; url?: string };
          if (logged.msg === listening && logged.url) resolve(logged.url);
        });
      }),
      exited.then((code) => Promise.reject(new Error(`${entry} exited with ${code}`))),
    ]);
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
