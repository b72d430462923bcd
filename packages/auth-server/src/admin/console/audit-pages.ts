import { Router } from 'express';
import type { ConsoleContext } from './console-context.js';

/** The audit log at /admin/audit. */
export function auditPages(ctx: ConsoleContext): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const events = await ctx.app.store.audit.list({ limit: 50 });
    ctx.render(res, 'audit', { title: 'Audit log', events });
  });
  return router;
}
