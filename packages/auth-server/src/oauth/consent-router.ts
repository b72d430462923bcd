import { Router, type Request, type Response } from 'express';
import { OAuthError } from '@sso/shared';
import type { AppContext } from '../app-context.js';
import { stringParam } from '../http/params.js';
import { renderPage } from '../interaction/render-page.js';
import { parseScope } from './steps/check-scope.js';

/** Plain-language meaning of each scope, shown on the consent page. */
export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  openid: 'Sign you in with your account',
  profile: 'See your name and username',
  email: 'See your email address',
  offline_access: 'Stay connected when you are not using it',
  'notes:read': 'Read your notes',
  'notes:write': 'Create and delete your notes',
};

/**
 * The consent page for clients that are not first-party. Approval is remembered per user and
 * client (and can be withdrawn on the account page).
 */
export function consentRouter(ctx: AppContext): Router {
  const router = Router();

  async function load(req: Request) {
    const id = stringParam((req.method === 'POST' ? req.body : req.query) as Record<string, unknown>, 'interaction');
    const interaction = id ? await ctx.store.interactions.find(id) : undefined;
    if (!interaction || interaction.expiresAt <= ctx.clock()) {
      throw new OAuthError('invalid_request', 'This request has expired. Go back to the application and start again.', 400);
    }
    const client = await ctx.store.clients.findById(interaction.clientId);
    if (!client) throw new OAuthError('invalid_request', 'Unknown application', 400);
    return { interaction, client, scopes: parseScope(interaction.params.scope) };
  }

  function requireSession(req: Request, res: Response, interactionId: string): boolean {
    if (req.authSession) return true;
    res.redirect(303, `/login?interaction=${encodeURIComponent(interactionId)}`);
    return false;
  }

  router.get('/consent', async (req, res) => {
    const { interaction, client, scopes } = await load(req);
    if (!requireSession(req, res, interaction.id)) return;
    renderPage(ctx, req, res, 'consent', {
      title: `Allow ${client.name}?`,
      // Not `client`: EJS reads that local as its own compile option.
      application: client,
      interactionId: interaction.id,
      scopes: scopes.map((s) => ({ name: s, description: SCOPE_DESCRIPTIONS[s] ?? s })),
      account: req.authSession?.account,
    });
  });

  router.post('/consent', ctx.csrf.verify(), async (req, res) => {
    const { interaction, client, scopes } = await load(req);
    if (!requireSession(req, res, interaction.id)) return;
    const decision = stringParam(req.body as Record<string, unknown>, 'decision');
    const account = req.authSession!.account;
    if (decision === 'allow') {
      await ctx.store.consents.upsert(account.id, client.clientId, scopes, ctx.clock());
      await ctx.audit({ type: 'consent_granted', accountId: account.id, clientId: client.clientId, detail: { scopes } });
      res.redirect(303, `/authorize/resume/${encodeURIComponent(interaction.id)}`);
      return;
    }
    if (decision !== 'deny') throw new OAuthError('invalid_request', 'Choose allow or deny', 400);
    res.redirect(303, `/authorize/resume/${encodeURIComponent(interaction.id)}?denied=1`);
  });

  return router;
}
