import type { Page } from '../store/types.js';
import { parseCommandArgs, positionals } from './args.js';
import { UsageError } from './cli-context.js';

const PAGE_SIZE = 500;

/** `--after KEY --limit N` of a list command. */
export function listOptions(args: string[]): { after?: string | undefined; limit?: number | undefined } {
  const { values, positionals: rest } = parseCommandArgs(args, { after: { type: 'string' }, limit: { type: 'string' } });
  positionals(rest, []);
  if (values.limit !== undefined && !/^[1-9]\d{0,8}$/.test(values.limit)) throw new UsageError('--limit must be a positive number');
  return { after: values.after, limit: values.limit === undefined ? undefined : Number(values.limit) };
}

/**
 * Walks a keyed list a page at a time, so a store of 100k rows is never held in memory at once.
 * Returns how many rows were shown.
 */
export async function eachPage<T>(
  list: (page: Page) => Promise<T[]>,
  keyOf: (row: T) => string,
  opts: { after?: string | undefined; limit?: number | undefined },
  show: (row: T) => void,
  pageSize = PAGE_SIZE,
): Promise<number> {
  let after = opts.after;
  let shown = 0;
  const wanted = opts.limit ?? Infinity;
  while (shown < wanted) {
    const size = Math.min(pageSize, wanted - shown);
    const rows = await list({ after, limit: size });
    for (const row of rows) show(row);
    shown += rows.length;
    if (rows.length < size) break;
    after = keyOf(rows.at(-1)!);
  }
  return shown;
}
