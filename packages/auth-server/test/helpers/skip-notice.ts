import { basename } from 'node:path';

const shown = new Set<string>();

/**
 * One line on stderr per skipped suite, naming what to set to run it. Not console.warn: Jest frames
 * console output in several lines of location. Jest loads helpers once per test file, so the set
 * keeps one line per file even when several describe blocks skip for the same reason.
 */
export function skipNotice(reason: string): void {
  if (shown.has(reason)) return;
  shown.add(reason);
  const file = expect.getState().testPath;
  process.stderr.write(`[skip] ${file ? `${basename(file)}: ` : ''}${reason}\n`);
}
