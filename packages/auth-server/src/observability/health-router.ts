import { createHash, timingSafeEqual } from 'node:crypto';
import type { Router } from 'express';
import type { AppContext } from '../app-context.js';

/** Liveness, readiness (the store answers) and Prometheus metrics. */
export function healthRoutes(router: Router, ctx: AppContext): void {
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      await withTimeout(ctx.store.ping(), 2000);
      res.json({ status: 'ready', store: ctx.store.engine });
    } catch (err) {
      req.log.warn({ err }, 'readiness check failed');
      res.status(503).set('Retry-After', '5').json({ status: 'unavailable', store: ctx.store.engine });
    }
  });
  router.get('/metrics', async (req, res) => {
    if (ctx.config.metricsToken && !sameSecret(req.get('authorization') ?? '', `Bearer ${ctx.config.metricsToken}`)) {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="metrics"').json({ error: 'invalid_token', error_description: 'Metrics need the metrics token' });
      return;
    }
    res.set('Content-Type', ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), ms);
    }),
  ]);
}
