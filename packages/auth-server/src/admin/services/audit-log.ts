import type { AuditFilter } from '../../store/types.js';
import type { AuditEvent } from '../../observability/audit-event.js';
import { InvalidInput, NotFound } from '../admin-error.js';
import type { ServiceContext } from '../service-context.js';
import { AUDIT_TYPES } from './audit-types.js';

export const AUDIT_PAGE_MAX = 200;
export const AUDIT_PAGE_DEFAULT = 50;

export interface AuditQuery {
  type?: string | undefined;
  /** Username of the account the events are about. */
  user?: string | undefined;
  client?: string | undefined;
  /** created_at at or after / before (epoch ms). */
  from?: number | undefined;
  to?: number | undefined;
  /** `next` of the previous page. */
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface AuditEntry extends AuditEvent {
  /** The account's username; null without an account, or when it was deleted. */
  username: string | null;
  /** Who made an administrative change: `cli`, `<admin> (console|api)`, `service <client>`; null for sign-in events. */
  by: string | null;
}

export interface AuditPage {
  events: AuditEntry[];
  /** Cursor of the next (older) page; null on the last one. */
  next: string | null;
}

/** The cursor is the last event's (created_at, id): a stable keyset, unaffected by events added meanwhile. */
const encodeCursor = (e: AuditEvent): string => Buffer.from(`${e.createdAt}.${e.id}`).toString('base64url');

function decodeCursor(cursor: string): { createdAt: number; id: string } {
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new InvalidInput('The page cursor is not one this server issued', 'cursor');
  return { createdAt: Number(m[1]), id: m[2]! };
}

/** The admin behind an event, from its `by` detail (admin/actor.ts auditBy). */
export function auditActor(detail: Record<string, unknown> | null): string | null {
  if (!detail || typeof detail.by !== 'string') return null;
  if (typeof detail.admin === 'string') return `${detail.admin} (${detail.by})`;
  if (typeof detail.serviceClient === 'string') return `service ${detail.serviceClient}`;
  return detail.by;
}

/** Reads a time filter: ISO 8601, or a span back from now such as `30m`, `24h`, `7d`. */
export function parseTime(value: string, now: number, field: string): number {
  const span = /^(\d{1,6})([mhd])$/.exec(value);
  if (span) return now - Number(span[1]) * { m: 60_000, h: 3600_000, d: 86_400_000 }[span[2] as 'm' | 'h' | 'd'];
  const t = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) throw new InvalidInput(`${field} must be a date and time (ISO 8601) or a span like 24h or 7d`, field);
  return t;
}

/** The audit log, newest first, filtered and paged (limit ≤ 200). */
export async function listAuditEvents(svc: Pick<ServiceContext, 'store'>, q: AuditQuery): Promise<AuditPage> {
  const limit = q.limit ?? AUDIT_PAGE_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_PAGE_MAX) throw new InvalidInput(`limit must be a whole number from 1 to ${AUDIT_PAGE_MAX}`, 'limit');
  if (q.type && !AUDIT_TYPES.includes(q.type)) {
    throw new InvalidInput(`Unknown audit event type ${q.type}; known types: ${AUDIT_TYPES.join(', ')}`, 'type');
  }
  if (q.from !== undefined && q.to !== undefined && q.from >= q.to) throw new InvalidInput('from must be before to', 'from');
  const filter: AuditFilter = { limit: limit + 1 };
  if (q.type) filter.type = q.type;
  if (q.client) filter.clientId = q.client;
  if (q.from !== undefined) filter.from = q.from;
  if (q.to !== undefined) filter.to = q.to;
  if (q.cursor) filter.before = decodeCursor(q.cursor);
  if (q.user) {
    const account = await svc.store.accounts.findByUsername(q.user);
    if (!account) throw new NotFound(`No user named ${q.user}`);
    filter.accountId = account.id;
  }
  const rows = await svc.store.audit.list(filter);
  const page = rows.slice(0, limit);
  const names = await usernames(svc, page);
  return {
    events: page.map((e) => ({ ...e, username: e.accountId ? (names.get(e.accountId) ?? null) : null, by: auditActor(e.detail) })),
    next: rows.length > limit ? encodeCursor(page.at(-1)!) : null,
  };
}

/** Each account of the page read once. */
async function usernames(svc: Pick<ServiceContext, 'store'>, events: AuditEvent[]): Promise<Map<string, string>> {
  const ids = [...new Set(events.map((e) => e.accountId).filter((id): id is string => id !== null))];
  const accounts = await Promise.all(ids.map((id) => svc.store.accounts.findById(id)));
  return new Map(accounts.filter((a) => a !== undefined).map((a) => [a.id, a.username]));
}
