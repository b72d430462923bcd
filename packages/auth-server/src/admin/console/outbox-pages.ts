import { Router } from 'express';
import { listOutbox } from '../services/outbox.js';
import type { ConsoleContext } from './console-context.js';

/**
 * The outbox at /admin/outbox, read-only: mails and back-channel logouts pending, being sent or
 * failed (`?all=true`: sent ones too), newest first, without their content, as `pnpm admin outbox`.
 */
export function outboxPages(ctx: ConsoleContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const all = req.query.all === 'true';
    const items = await listOutbox(ctx.svc, { all });
    ctx.render(res, 'outbox', { title: 'Outbox', items, all, when: (iso: string) => iso.replace('.000Z', 'Z') });
  });
  return router;
}
