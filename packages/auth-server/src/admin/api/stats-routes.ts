import { z } from 'zod';
import { dashboardStats, type DashboardStats } from '../services/dashboard.js';
import { defineRoute, type AdminRoute } from './admin-route.js';

const isoTime = z.iso.datetime().describe('ISO 8601 time, UTC');
const hour = z.object({ hourStart: isoTime, count: z.number().int() });

const statsSchema = z.object({
  from: isoTime.describe('Start of the first hour shown'),
  to: isoTime.describe('End of the current hour'),
  series: z.array(
    z.object({ kind: z.enum(['sign_ins', 'failed_sign_ins', 'lockouts', 'tokens_issued']), label: z.string(), hours: z.array(hour), total: z.number().int() }),
  ),
  activeSessions: z.number().int(),
  signingKey: z
    .object({ kid: z.string(), createdAt: isoTime, activeFrom: isoTime, rotationDue: isoTime, overdue: z.boolean() })
    .nullable(),
  upcomingKey: z.object({ kid: z.string(), activeFrom: isoTime }).nullable(),
  outbox: z.object({ pending: z.number().int(), failed: z.number().int() }),
});

const iso = (t: number) => new Date(t).toISOString();

/** Times as ISO 8601 over the API, like the other admin resources. */
const asJson = (s: DashboardStats) => ({
  ...s,
  from: iso(s.from),
  to: iso(s.to),
  series: s.series.map((x) => ({ ...x, hours: x.hours.map((h) => ({ hourStart: iso(h.hourStart), count: h.count })) })),
  signingKey: s.signingKey && { ...s.signingKey, createdAt: iso(s.signingKey.createdAt), activeFrom: iso(s.signingKey.activeFrom), rotationDue: iso(s.signingKey.rotationDue) },
  upcomingKey: s.upcomingKey && { ...s.upcomingKey, activeFrom: iso(s.upcomingKey.activeFrom) },
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
    handle: async (_req, svc) => asJson(await dashboardStats(svc)),
  }),
];
