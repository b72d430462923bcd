import { Router } from 'express';
import { listKeys, rotateKey } from '../services/keys.js';
import type { ConsoleContext } from './console-context.js';

const ROTATE = {
  scheduled: {
    title: 'Rotate the signing key',
    message:
      'A new key is published in the JWKS now and starts signing after the publish-ahead delay, so resource servers with a cached JWKS know it first. The current key stays published until every token it signed has expired.',
    confirmLabel: 'Rotate',
  },
  immediate: {
    title: 'Rotate the signing key now',
    message:
      'For a compromised key: a new key signs from this moment. Resource servers that cached the JWKS meet an unknown kid and must refetch it; tokens already signed with the old key stay valid until they expire.',
    confirmLabel: 'Rotate now',
  },
};

/** Signing keys at /admin/keys: their status, and rotation (scheduled or immediate) behind a confirmation. */
export function keysPages(ctx: ConsoleContext): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const rotated = typeof req.query.rotated === 'string' ? req.query.rotated.slice(0, 64) : null;
    ctx.render(res, 'keys', { title: 'Signing keys', list: await listKeys(ctx.svc), rotated });
  });
  router.get('/rotate', (req, res) => {
    const immediate = req.query.immediate === '1';
    ctx.confirm(res, { ...ROTATE[immediate ? 'immediate' : 'scheduled'], action: '/admin/keys/rotate', fields: { immediate: immediate ? '1' : '0' }, cancel: '/admin/keys' });
  });
  router.post('/rotate', async (req, res) => {
    const immediate = (req.body as Record<string, unknown>).immediate === '1';
    const key = await rotateKey(ctx.svc, ctx.caller(res), { immediate });
    res.redirect(303, `/admin/keys?rotated=${encodeURIComponent(key.kid)}`);
  });
  return router;
}
