import type { Router } from 'express';

/** Registered on the app's own router (no nested Router: each level costs every request a dispatch). */
export function publicRoutes(router: Router): void {
  router.get('/public', (_req, res) => {
    res.json({ message: 'This is public, no token needed' });
  });
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
}
