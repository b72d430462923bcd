import { AdminError } from '../admin/admin-error.js';
import { AUDIT_PAGE_MAX, listAuditEvents, parseTime, type AuditEntry, type AuditQuery } from '../admin/services/audit-log.js';
import { parseCommandArgs, positionals } from './args.js';
import { iso, UsageError, type CliContext } from './cli-context.js';

export const AUDIT_USAGE =
  'audit [--limit N] [--type TYPE] [--user USERNAME] [--client CLIENT_ID] [--since 24h|7d|ISO-TIME]  newest first; who by username and client id';

/** Newest first; pages through the service (≤ 200 a page) up to `limit`. */
export async function listAudit(ctx: CliContext, opts: Omit<AuditQuery, 'cursor' | 'limit'> & { limit?: number } = {}): Promise<void> {
  const wanted = opts.limit ?? 50;
  let cursor: string | undefined;
  let shown = 0;
  try {
    do {
      const page = await listAuditEvents(ctx, { ...opts, cursor, limit: Math.min(AUDIT_PAGE_MAX, wanted - shown) });
      for (const e of page.events) ctx.out.log(line(e));
      shown += page.events.length;
      cursor = page.next ?? undefined;
    } while (cursor && shown < wanted);
  } catch (err) {
    if (err instanceof AdminError) throw new UsageError(err.message);
    throw err;
  }
  if (shown === 0) ctx.out.log(opts.type ? `No ${opts.type} events.` : 'No audit events.');
}

function line(e: AuditEntry): string {
  const account = e.accountId && (e.username ? `user=${e.username}` : `account=${e.accountId} (deleted)`);
  const who = [account, e.clientId && `client=${e.clientId}`, e.ip && `ip=${e.ip}`].filter(Boolean);
  return `${iso(e.createdAt)}\t${e.type}\t${who.join(' ') || '-'}\t${e.detail ? JSON.stringify(e.detail) : ''}`.trimEnd();
}

export async function runAudit(ctx: CliContext, args: string[]): Promise<void> {
  const { values: v, positionals: p } = parseCommandArgs(args, {
    limit: { type: 'string' },
    type: { type: 'string' },
    user: { type: 'string' },
    client: { type: 'string' },
    since: { type: 'string' },
  });
  positionals(p, []);
  const limit = v.limit === undefined ? 50 : Number(v.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000');
  let from: number | undefined;
  try {
    from = v.since === undefined ? undefined : parseTime(v.since, ctx.clock(), '--since');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  await listAudit(ctx, { limit, type: v.type, user: v.user, client: v.client, from });
}
