import { Router, type Request, type Response } from 'express';
import { InvalidRequest } from '@sso/shared';
import type { AppContext } from '../app-context.js';
import { stringParam } from '../http/params.js';
import { expiredInteraction } from '../interaction/load-interaction.js';
import { renderPage } from '../interaction/render-page.js';
import { describeScopes } from '../apis/describe-scopes.js';
import { loadRegistry } from '../apis/registry.js';
import { parseScope } from './steps/check-scope.js';

/**
 * Where the browser goes after the decision: the redirect URI's host (with port), or for a native
 * app's private-use scheme (RFC 8252 §7.1) the scheme, so the user can tell the app from a look-alike.
 */
export function redirectTarget(redirectUri: string | undefined): string | null {
  if (!redirectUri) return null;
  try {
    const url = new URL(redirectUri);
    return url.host || `${url.protocol}//`;
  } catch {
    return null;
  }
}

/**
 * The consent page for clients that are not first-party: what the app asks of the account and of
 * each API, by API name and scope description. Approval is remembered per user and client, adds to
 * what was approved before, and can be withdrawn on the account page.
 */
export function consentRouter(ctx: AppContext): Router {
  const router = Router();

  async function load(req: Request) {
    const id = stringParam((req.method === 'POST' ? req.body : req.query) as Record<string, unknown>, 'interaction');
    const interaction = id ? await ctx.store.interactions.find(id) : undefined;
    if (!interaction || interaction.expiresAt <= ctx.clock()) {
      throw expiredInteraction();
    }
    const client = await ctx.store.clients.findById(interaction.clientId);
    if (!client) throw new InvalidRequest('Unknown client');
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
    const previous = await ctx.store.consents.find(req.authSession!.account.id, client.clientId);
    const registry = await loadRegistry(ctx.store, ctx.config);
    renderPage(ctx, req, res, 'consent', {
      title: `Allow ${client.name}?`,
      // Not `client`: EJS reads that local as its own compile option.
      application: client,
      interactionId: interaction.id,
      groups: describeScopes(registry, scopes, previous?.scopes ?? []),
      asksAgain: Boolean(previous),
      account: req.authSession?.account,
      // OAuth 2.0 lets a client with one registered redirect URI omit it (RFC 6749 §3.1.2.3).
      redirectTarget: redirectTarget(interaction.params.redirect_uri ?? (client.redirectUris.length === 1 ? client.redirectUris[0] : undefined)),
    });
  });

  router.post('/consent', ctx.csrf.verify(), async (req, res) => {
    const { interaction, client, scopes } = await load(req);
    if (!requireSession(req, res, interaction.id)) return;
    const decision = stringParam(req.body as Record<string, unknown>, 'decision');
    const account = req.authSession!.account;
    if (decision === 'allow') {
      const previous = await ctx.store.consents.find(account.id, client.clientId);
      const all = [...new Set([...(previous?.scopes ?? []), ...scopes])];
      await ctx.store.consents.upsert(account.id, client.clientId, all, ctx.clock());
      await ctx.audit({ type: 'consent_granted', accountId: account.id, clientId: client.clientId, detail: { scopes } });
      res.redirect(303, `/authorize/resume/${encodeURIComponent(interaction.id)}`);
      return;
    }
    if (decision !== 'deny') throw new InvalidRequest('Choose allow or deny');
    res.redirect(303, `/authorize/resume/${encodeURIComponent(interaction.id)}?denied=1`);
  });

  return router;
}
