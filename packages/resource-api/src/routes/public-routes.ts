import { Router } from 'express';

export function publicRoutes(): Router {
  const router = Router();
  router.get('/public', (_req, res) => {
    res.json({ message: 'This is public, no token needed' });
  });
  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  return router;
}
