import { z } from 'zod';
import { AUDIT_PAGE_MAX, listAuditEvents, parseTime } from '../services/audit-log.js';
import { defineRoute, type AdminRoute } from './admin-route.js';

const query = z.object({
  type: z.string().max(64).optional(),
  user: z.string().max(256).optional().describe('Username of the account the events are about'),
  client: z.string().max(256).optional(),
  from: z.string().max(64).optional().describe('ISO 8601 time, or a span back from now such as 24h or 7d'),
  to: z.string().max(64).optional().describe('ISO 8601 time (exclusive)'),
  cursor: z.string().max(256).optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).optional(),
});

const event = z.object({
  id: z.string(),
  type: z.string(),
  createdAt: z.iso.datetime().describe('ISO 8601 time, UTC'),
  accountId: z.string().nullable(),
  username: z.string().nullable(),
  clientId: z.string().nullable(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  by: z.string().nullable().describe('The admin, CLI or service client behind an administrative change'),
});

export const auditRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/audit',
    scope: 'admin:read',
    operationId: 'listAuditEvents',
    summary: 'The audit log, newest first, filtered by type, user, client and time; paged by cursor',
    tag: 'audit',
    query,
    response: { status: 200, description: 'One page of events', schema: z.object({ items: z.array(event), nextCursor: z.string().nullable().describe('null on the last page') }) },
    handle: async ({ query: q }, svc) => {
      const now = svc.clock();
      const page = await listAuditEvents(svc, {
        ...q,
        from: q.from === undefined ? undefined : parseTime(q.from, now, 'from'),
        to: q.to === undefined ? undefined : parseTime(q.to, now, 'to'),
      });
      // Times as ISO 8601 over the API, like the other admin resources.
      return { items: page.events.map((e) => ({ ...e, createdAt: new Date(e.createdAt).toISOString() })), nextCursor: page.next };
    },
  }),
];
