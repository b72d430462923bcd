import type { OutboxItem, OutboxStatus } from '../../outbox/outbox-item.js';
import { InvalidInput } from '../admin-error.js';
import type { ServiceContext } from '../service-context.js';

export const OUTBOX_LIST_MAX = 1000;
export const OUTBOX_LIST_DEFAULT = 100;

/** What still needs an operator's eye: not yet sent, or given up on. */
const UNSENT: OutboxStatus[] = ['pending', 'sending', 'failed'];

export interface OutboxQuery {
  /** Sent items too. */
  all?: boolean | undefined;
  limit?: number | undefined;
}

/** An outbox item without its content: a mail body may hold a sign-in or reset link. Times ISO 8601. */
export interface OutboxItemView {
  id: string;
  kind: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
  lastError: string | null;
  /** Who or what it is for: `client=… sid=…` for a back-channel logout, `to=… subject=…` for a mail. */
  summary: string;
}

/** Who or what an item is for, never its content. */
export function outboxSummary(item: Pick<OutboxItem, 'kind' | 'payload'>): string {
  const p = item.payload;
  if (item.kind === 'backchannel_logout') return `client=${String(p.clientId)} sid=${String(p.sid)}`;
  const to = typeof p.to === 'string' ? p.to : typeof p.email === 'string' ? p.email : '?';
  return typeof p.subject === 'string' ? `to=${to} subject=${p.subject}` : `to=${to}`;
}

const view = (i: OutboxItem): OutboxItemView => ({
  id: i.id,
  kind: i.kind,
  status: i.status,
  attempts: i.attempts,
  nextAttemptAt: new Date(i.nextAttemptAt).toISOString(),
  createdAt: new Date(i.createdAt).toISOString(),
  lastError: i.lastError,
  summary: outboxSummary(i),
});

/** Mails and back-channel logouts, newest first: pending, sending and failed ones, or all with `all`. */
export async function listOutbox(svc: Pick<ServiceContext, 'store'>, q: OutboxQuery = {}): Promise<OutboxItemView[]> {
  const limit = q.limit ?? OUTBOX_LIST_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > OUTBOX_LIST_MAX) throw new InvalidInput(`limit must be a whole number from 1 to ${OUTBOX_LIST_MAX}`, 'limit');
  const items = await svc.store.outbox.list({ ...(q.all !== true && { status: UNSENT }), limit });
  return items.map(view);
}
