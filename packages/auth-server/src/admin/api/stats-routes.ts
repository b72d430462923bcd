import { z } from 'zod';
import { dashboardStats } from '../services/dashboard.js';
import { defineRoute, type AdminRoute } from './admin-route.js';

const hour = z.object({ hourStart: z.number().describe('epoch milliseconds'), count: z.number().int() });

const statsSchema = z.object({
  from: z.number().describe('Start of the first hour shown (epoch ms)'),
  to: z.number().describe('End of the current hour (epoch ms)'),
  series: z.array(
    z.object({ kind: z.enum(['sign_ins', 'failed_sign_ins', 'lockouts', 'tokens_issued']), label: z.string(), hours: z.array(hour), total: z.number().int() }),
  ),
  activeSessions: z.number().int(),
  signingKey: z
    .object({ kid: z.string(), createdAt: z.number(), activeFrom: z.number(), rotationDue: z.number(), overdue: z.boolean() })
    .nullable(),
  upcomingKey: z.object({ kid: z.string(), activeFrom: z.number() }).nullable(),
  outbox: z.object({ pending: z.number().int(), failed: z.number().int() }),
});

export const statsRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get',
    path: '/stats',
    scope: 'admin:read',
    operationId: 'getStats',
    summary: 'The dashboard: sign-ins, failures, lockouts and tokens issued per hour over 24 hours; sessions, key and outbox state',
    tag: 'stats',
    response: { status: 200, description: 'The figures of the admin dashboard', schema: statsSchema },
    handle: (_req, svc) => dashboardStats(svc),
  }),
];
