import { z } from 'zod';
import { listOutbox, OUTBOX_LIST_MAX } from '../services/outbox.js';
import { defineRoute, type AdminRoute } from './admin-route.js';

const isoTime = z.iso.datetime().describe('ISO 8601 time, UTC');

const query = z.object({
  // A query string carries text: only the two spellings of a boolean, anything else is a 400.
  all: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('true: sent items too'),
  limit: z.coerce.number().int().min(1).max(OUTBOX_LIST_MAX).optional().describe(`At most ${OUTBOX_LIST_MAX}, default 100`),
});

const item = z
  .object({
    id: z.string(),
    kind: z.string().describe('mail or backchannel_logout'),
    status: z.enum(['pending', 'sending', 'sent', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: isoTime,
    createdAt: isoTime,
    lastError: z.string().nullable(),
    summary: z.string().describe('Who it is for (to=… subject=…, or client=… sid=…); never the content'),
  })
  .describe('A mail or back-channel logout waiting, sent or given up on, without its content');

export const outboxRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/outbox',
    scope: 'admin:read',
    operationId: 'listOutbox',
    summary: 'Mails and back-channel logouts, newest first: pending, sending and failed ones, or all',
    tag: 'outbox',
    query,
    response: { status: 200, description: 'The outbox items, without their content', schema: z.object({ items: z.array(item) }) },
    handle: async ({ query: q }, svc) => ({ items: await listOutbox(svc, q) }),
  }),
];
