import { Router, type Response } from 'express';
import { retiredKeyLifetimeMs } from '../../keys/key-schedule.js';
import { listKeys, rotateKey, type KeyList } from '../services/keys.js';
import type { ConsoleContext } from './console-context.js';

const minutes = (ms: number): number => Math.ceil(ms / 60_000);
const when = (iso: string): string => iso.replace('.000Z', 'Z');

/**
 * Signing keys at /admin/keys: their public facts, the next scheduled switch, and the two rotations,
 * each confirmed first (GET shows the confirmation, its form POSTs with the CSRF token). The service
 * audits `key_rotated` with the admin; the result is shown on the list (POST-redirect-GET).
 */
export function keysPages(ctx: ConsoleContext): Router {
  const router = Router();
  const aheadMin = () => minutes(ctx.app.config.keyPublishAhead * 1000);
  const pendingNote = (list: KeyList): string =>
    list.nextRotation ? ` Key ${list.nextRotation.kid}, waiting from an earlier rotation to sign at ${when(list.nextRotation.at)}, is cancelled: it never signs.` : '';

  router.get('/', async (req, res) => {
    const list = await listKeys(ctx.svc);
    const rotated = typeof req.query.rotated === 'string' ? list.keys.find((k) => k.kid === req.query.rotated) : undefined;
    ctx.render(res, 'keys', { title: 'Signing keys', list, rotated, aheadMin: aheadMin(), when });
  });

  router.get('/rotate', async (_req, res) => {
    const list = await listKeys(ctx.svc);
    ctx.confirm(res, {
      title: 'Rotate the signing key',
      message:
        `A new key is published in the JWKS now and starts signing in ${aheadMin()} minutes, once resource servers could have fetched it. ` +
        `The current key keeps signing until then and stays published until its tokens have expired.${pendingNote(list)}`,
      action: '/admin/keys/rotate',
      confirmLabel: 'Rotate',
      cancel: '/admin/keys',
    });
  });

  router.get('/rotate-now', async (_req, res) => {
    const list = await listKeys(ctx.svc);
    ctx.confirm(res, {
      title: 'Rotate the signing key now',
      message:
        'For a suspected compromise of the current key: a new key signs every token from now on. ' +
        `Tokens the old key already signed stay valid until they expire (up to ${minutes(retiredKeyLifetimeMs(ctx.app.config))} minutes); the old key stays published until then. ` +
        `Resource servers meet the new kid before their cached JWKS has it and must refetch it.${pendingNote(list)}`,
      action: '/admin/keys/rotate-now',
      confirmLabel: 'Rotate now',
      cancel: '/admin/keys',
    });
  });

  const rotate = (immediate: boolean) => async (_req: unknown, res: Response) => {
    const key = await rotateKey(ctx.svc, ctx.caller(res), { immediate });
    res.redirect(303, `/admin/keys?rotated=${encodeURIComponent(key.kid)}`);
  };
  router.post('/rotate', rotate(false));
  router.post('/rotate-now', rotate(true));
  return router;
}
