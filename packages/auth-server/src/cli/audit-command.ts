import { parseCommandArgs, positionals } from './args.js';
import { iso, UsageError, type CliContext } from './cli-context.js';

export const AUDIT_USAGE = 'audit [--limit N] [--type TYPE]';

/** Newest first. */
export async function listAudit(ctx: CliContext, opts: { limit?: number; type?: string | undefined } = {}): Promise<void> {
  const events = await ctx.store.audit.list({ limit: opts.limit ?? 50, ...(opts.type && { type: opts.type }) });
  if (events.length === 0) ctx.out.log('No audit events.');
  for (const e of events) {
    const who = [e.accountId && `account=${e.accountId}`, e.clientId && `client=${e.clientId}`, e.ip && `ip=${e.ip}`].filter(Boolean);
    ctx.out.log(`${iso(e.createdAt)}\t${e.type}\t${who.join(' ') || '-'}\t${e.detail ? JSON.stringify(e.detail) : ''}`.trimEnd());
  }
}

export async function runAudit(ctx: CliContext, args: string[]): Promise<void> {
  const { values: v, positionals: p } = parseCommandArgs(args, { limit: { type: 'string' }, type: { type: 'string' } });
  positionals(p, []);
  const limit = v.limit === undefined ? 50 : Number(v.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000');
  await listAudit(ctx, { limit, type: v.type });
}
