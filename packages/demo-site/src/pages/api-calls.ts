import { Router } from 'express';
import type { Config } from '../config.js';
import type { AppDeps } from '../deps.js';
import { ResourceClient } from '../api/resource-client.js';
import { freshAccessToken } from '../oidc/tokens.js';
import { sessionOf } from '../session/session-middleware.js';
import { requireSignIn } from './require-sign-in.js';

/** The three calls of the tutorials: /public without a token, /protected and /admin with one. */
export function apiCallsRouter(config: Config, deps: AppDeps): Router {
  const router = Router();
  const api = new ResourceClient(config.apiUrl, deps.fetch);

  router.get('/api-calls', requireSignIn, async (_req, res) => {
    const session = sessionOf(res).current!;
    const token = await freshAccessToken(session, config, deps);
    const calls = [
      { name: 'public', explain: 'No token: anyone may call it.', call: await api.call('GET', '/public') },
      { name: 'protected', explain: 'Needs a valid access token for this API.', call: await api.call('GET', '/protected', token) },
      { name: 'admin', explain: 'Needs a valid access token of a user with the admin role; others get 403.', call: await api.call('GET', '/admin', token) },
    ];
    res.render('api-calls', { title: 'API calls', calls });
  });

  return router;
}
