import { Router } from 'express';
import { AdminError } from '../admin-error.js';
import { AUDIT_TYPES } from '../services/audit-types.js';
import { listAuditEvents, parseTime, type AuditQuery } from '../services/audit-log.js';
import type { ConsoleContext } from './console-context.js';

const FIELDS = ['type', 'user', 'client', 'from', 'to'] as const;

/** The audit log at /admin/audit: a GET filter form, newest first, a link to the next (older) page. */
export function auditPages(ctx: ConsoleContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const raw = req.query as Record<string, unknown>;
    const form = Object.fromEntries(FIELDS.map((f) => [f, typeof raw[f] === 'string' ? raw[f].trim().slice(0, 256) : ''])) as Record<(typeof FIELDS)[number], string>;
    const cursor = typeof raw.cursor === 'string' ? raw.cursor : undefined;
    const now = ctx.app.clock();
    // datetime-local inputs send local wall time without a zone: read as UTC, as the page shows.
    const time = (v: string, field: string) => (v ? parseTime(/T\d{2}:\d{2}$/.test(v) ? `${v}Z` : v, now, field) : undefined);
    const query: AuditQuery = { type: form.type || undefined, user: form.user || undefined, client: form.client || undefined, cursor, limit: 50 };
    let error: string | null = null;
    let page: Awaited<ReturnType<typeof listAuditEvents>> = { events: [], next: null };
    try {
      page = await listAuditEvents(ctx.svc, { ...query, from: time(form.from, 'from'), to: time(form.to, 'to') });
    } catch (err) {
      // A bad filter is shown above the form, which keeps what was typed.
      if (!(err instanceof AdminError)) throw err;
      error = err.message;
      res.status(err.status);
    }
    const params = new URLSearchParams(Object.entries(form).filter(([, v]) => v !== ''));
    if (page.next) params.set('cursor', page.next);
    ctx.render(res, 'audit', {
      title: 'Audit log',
      form,
      types: AUDIT_TYPES,
      events: page.events,
      error,
      nextHref: page.next ? `/admin/audit?${params.toString()}` : null,
      iso: (t: number) => new Date(t).toISOString().replace('.000Z', 'Z'),
    }, res.statusCode);
  });
  return router;
}
