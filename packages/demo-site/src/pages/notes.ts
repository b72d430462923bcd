import express, { Router } from 'express';
import type { Config } from '../config.js';
import type { AppDeps } from '../deps.js';
import { ResourceClient, notesFrom } from '../api/resource-client.js';
import { freshAccessToken } from '../oidc/tokens.js';
import { requireCsrf } from '../session/csrf.js';
import { sessionOf } from '../session/session-middleware.js';
import { requireSignIn } from './require-sign-in.js';

const MAX_NOTE = 500;

/** The user's notes, kept by the resource API and reached with this app's access token. */
export function notesRouter(config: Config, deps: AppDeps): Router {
  const router = Router();
  const api = new ResourceClient(config.apiUrl, deps.fetch);
  const form = express.urlencoded({ extended: false, limit: '8kb' });

  router.get('/notes', requireSignIn, async (_req, res) => {
    const session = sessionOf(res).current!;
    const call = await api.call('GET', '/notes', await freshAccessToken(session, config, deps));
    const flash = session.flash;
    session.flash = undefined;
    res.render('notes', { title: 'Notes', notes: call.ok ? notesFrom(call.body) : [], call, flash });
  });

  router.post('/notes', requireSignIn, form, requireCsrf(config), async (req, res) => {
    const session = sessionOf(res).current!;
    const sent = (req.body as Record<string, unknown>).text;
    const text = typeof sent === 'string' ? sent.trim() : '';
    if (!text || text.length > MAX_NOTE) {
      session.flash = `A note needs 1 to ${MAX_NOTE} characters.`;
      return res.redirect(303, '/notes');
    }
    const call = await api.call('POST', '/notes', await freshAccessToken(session, config, deps), { text });
    if (!call.ok) session.flash = `The API refused the note: ${call.status} ${call.bodyText}`;
    res.redirect(303, '/notes');
  });

  router.post('/notes/:id/delete', requireSignIn, form, requireCsrf(config), async (req, res) => {
    const session = sessionOf(res).current!;
    const id = encodeURIComponent(String(req.params.id));
    const call = await api.call('DELETE', `/notes/${id}`, await freshAccessToken(session, config, deps));
    if (!call.ok) session.flash = `The API refused to delete the note: ${call.status} ${call.bodyText}`;
    res.redirect(303, '/notes');
  });

  return router;
}
