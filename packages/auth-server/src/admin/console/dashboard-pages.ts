import { Router } from 'express';
import { dashboardStats } from '../services/dashboard.js';
import { barChart } from './bar-chart.js';
import type { ConsoleContext } from './console-context.js';

/** The dashboard at /admin: the last 24 hours as server-drawn charts, sessions, keys, outbox. */
export function dashboardPages(ctx: ConsoleContext): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const stats = await dashboardStats(ctx.svc);
    const charts = stats.series.map((s) => ({ label: s.label, total: s.total, svg: barChart(s) }));
    ctx.render(res, 'dashboard', { title: 'Dashboard', stats, charts, iso: (t: number) => new Date(t).toISOString().replace('.000Z', 'Z') });
  });
  return router;
}
