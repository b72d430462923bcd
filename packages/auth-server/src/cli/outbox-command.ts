import type { OutboxItem, OutboxStatus } from '../outbox/outbox-item.js';
import { parseCommandArgs, positionals } from './args.js';
import { iso, UsageError, type CliContext } from './cli-context.js';

export const OUTBOX_USAGE = 'outbox [--all] [--limit N]  mails and back-channel logouts pending or failed (--all: sent too)';

/** Who or what an item is for, without its content (a mail body may hold a link). */
function summary(item: OutboxItem): string {
  const p = item.payload;
  if (item.kind === 'backchannel_logout') return `client=${String(p.clientId)} sid=${String(p.sid)}`;
  const to = typeof p.to === 'string' ? p.to : typeof p.email === 'string' ? p.email : '?';
  return typeof p.subject === 'string' ? `to=${to} subject=${p.subject}` : `to=${to}`;
}

/** Newest first: status, kind, attempts, next attempt, what for, last error. */
export async function listOutbox(ctx: Pick<CliContext, 'store' | 'clock' | 'out'>, opts: { all?: boolean; limit?: number }): Promise<void> {
  const status: OutboxStatus[] | undefined = opts.all ? undefined : ['pending', 'sending', 'failed'];
  const items = await ctx.store.outbox.list({ ...(status && { status }), limit: opts.limit ?? 100 });
  if (items.length === 0) ctx.out.log(opts.all ? 'The outbox is empty.' : 'Nothing pending or failed.');
  for (const i of items) {
    ctx.out.log(`${i.status}\t${i.kind}\t${i.attempts}\tnext=${iso(i.nextAttemptAt)}\t${summary(i)}\t${i.lastError ?? ''}\t${i.id}`);
  }
}

export async function runOutbox(ctx: CliContext, args: string[]): Promise<void> {
  const { values: v, positionals: p } = parseCommandArgs(args, { all: { type: 'boolean' }, limit: { type: 'string' } });
  positionals(p, []);
  const limit = v.limit === undefined ? 100 : Number(v.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000');
  await listOutbox(ctx, { all: v.all === true, limit });
}
