import { Router } from 'express';
import type { ConsoleContext } from './console-context.js';

/** The dashboard at /admin. */
export function dashboardPages(ctx: ConsoleContext): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    ctx.render(res, 'dashboard', { title: 'Dashboard' });
  });
  return router;
}
