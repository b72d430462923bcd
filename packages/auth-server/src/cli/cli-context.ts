import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { Store } from '../store/types.js';

/** Where commands write their results; tests collect the lines. */
export interface Out {
  log(line: string): void;
}

/** What every admin command works with; tests pass their own store, clock and out. */
export interface CliContext {
  store: Store;
  clock: Clock;
  config: Config;
  out: Out;
}

/** Terminal input, kept apart so tests can answer prompts. */
export interface CliIo {
  /** From stdin when `fromStdin` (`--password-stdin`), else a hidden prompt. */
  readPassword(fromStdin: boolean): Promise<string>;
}

/** Bad input from the operator: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

/** One line that names the way to the list of actions. */
export const unknownAction = (group: string, action: string | undefined): UsageError =>
  new UsageError(`Unknown ${group} command: ${action ?? '(none)'} (pnpm admin ${group} --help lists them)`);

export const iso = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString());
