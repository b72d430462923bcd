import { listOutbox as listOutboxItems, OUTBOX_LIST_MAX } from '../admin/services/outbox.js';
import { parseCommandArgs, positionals } from './args.js';
import { UsageError, type CliContext } from './cli-context.js';

export const OUTBOX_USAGE = 'outbox [--all] [--limit N]  mails and back-channel logouts pending or failed (--all: sent too)';

/** Newest first: status, kind, attempts, next attempt, what for, last error. */
export async function listOutbox(ctx: Pick<CliContext, 'store' | 'clock' | 'out'>, opts: { all?: boolean; limit?: number }): Promise<void> {
  const items = await listOutboxItems(ctx, opts);
  if (items.length === 0) ctx.out.log(opts.all ? 'The outbox is empty.' : 'Nothing pending or failed.');
  for (const i of items) {
    ctx.out.log(`${i.status}\t${i.kind}\t${i.attempts}\tnext=${i.nextAttemptAt}\t${i.summary}\t${i.lastError ?? ''}\t${i.id}`);
  }
}

export async function runOutbox(ctx: CliContext, args: string[]): Promise<void> {
  const { values: v, positionals: p } = parseCommandArgs(args, { all: { type: 'boolean' }, limit: { type: 'string' } });
  positionals(p, []);
  const limit = v.limit === undefined ? undefined : Number(v.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > OUTBOX_LIST_MAX)) throw new UsageError(`--limit must be a whole number from 1 to ${OUTBOX_LIST_MAX}`);
  await listOutbox(ctx, { all: v.all === true, ...(limit !== undefined && { limit }) });
}
