import type { AuditEvent } from '../store/types.js';
import { parseCommandArgs, positionals } from './args.js';
import { AUDIT_TYPES } from './audit-types.js';
import { iso, UsageError, type CliContext } from './cli-context.js';

export const AUDIT_USAGE = 'audit [--limit N] [--type TYPE]  newest first; who by username and client id';

/** Usernames instead of account ids, each account read once; a deleted account keeps its id. */
function usernames(ctx: CliContext): (accountId: string) => Promise<string> {
  const seen = new Map<string, Promise<string>>();
  return (id) => {
    let name = seen.get(id);
    if (!name) {
      name = ctx.store.accounts.findById(id).then((a) => (a ? `user=${a.username}` : `account=${id} (deleted)`));
      seen.set(id, name);
    }
    return name;
  };
}

/** Newest first. */
export async function listAudit(ctx: CliContext, opts: { limit?: number; type?: string | undefined } = {}): Promise<void> {
  if (opts.type !== undefined && !AUDIT_TYPES.includes(opts.type)) {
    throw new UsageError(`Unknown audit event type ${opts.type}; known types: ${AUDIT_TYPES.join(', ')}`);
  }
  const events = await ctx.store.audit.list({ limit: opts.limit ?? 50, ...(opts.type && { type: opts.type }) });
  if (events.length === 0) ctx.out.log(opts.type ? `No ${opts.type} events.` : 'No audit events.');
  const userOf = usernames(ctx);
  for (const e of events) ctx.out.log(await line(e, userOf));
}

async function line(e: AuditEvent, userOf: (id: string) => Promise<string>): Promise<string> {
  const who = [e.accountId && (await userOf(e.accountId)), e.clientId && `client=${e.clientId}`, e.ip && `ip=${e.ip}`].filter(Boolean);
  return `${iso(e.createdAt)}\t${e.type}\t${who.join(' ') || '-'}\t${e.detail ? JSON.stringify(e.detail) : ''}`.trimEnd();
}

export async function runAudit(ctx: CliContext, args: string[]): Promise<void> {
  const { values: v, positionals: p } = parseCommandArgs(args, { limit: { type: 'string' }, type: { type: 'string' } });
  positionals(p, []);
  const limit = v.limit === undefined ? 50 : Number(v.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000');
  await listAudit(ctx, { limit, type: v.type });
}
