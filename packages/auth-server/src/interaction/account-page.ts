import type { Request, Response } from 'express';
import type { AppContext } from '../app-context.js';
import { describeScopes, type ScopeGroup } from '../apis/describe-scopes.js';
import { loadRegistry } from '../apis/registry.js';
import { describeDevice } from './describe-device.js';
import { renderPage } from './render-page.js';

/** Fixed confirmations for `?done=`: the page never reflects text from the URL. */
const NOTICES: Record<string, string> = {
  'session-ended': 'That session has been signed out.',
  'app-disconnected': 'The app has been disconnected. It will need your permission again to sign you in.',
  'password-changed': 'Your password has been changed. Your other sessions were signed out.',
  'verification-sent': 'A new confirmation link is on its way to your e-mail address.',
  'verification-recent': 'A confirmation link was sent a moment ago. Check your inbox (and spam folder), or try again in a few minutes.',
};

export interface ConnectedApp {
  clientId: string;
  name: string;
  scopes: string[];
  /** The scopes described, grouped by API, as the consent page showed them. */
  groups?: ScopeGroup[];
  since: number;
}

/** Renders /account for the signed-in user: sessions on every device and the apps they use. */
export async function showAccount(ctx: AppContext, req: Request, res: Response, status = 200, error?: string): Promise<void> {
  const { account, session } = req.authSession!;
  const now = ctx.clock();
  const [sessions, grants, consents] = await Promise.all([
    ctx.store.sessions.listActiveByAccount(account.id, now),
    ctx.store.grants.listActiveByAccount(account.id, now),
    ctx.store.consents.listByAccount(account.id),
  ]);

  const apps = new Map<string, ConnectedApp>();
  const add = (clientId: string, scopes: string[], since: number) => {
    const app = apps.get(clientId) ?? { clientId, name: clientId, scopes: [], since };
    app.scopes = [...new Set([...app.scopes, ...scopes])];
    app.since = Math.min(app.since, since);
    apps.set(clientId, app);
  };
  for (const c of consents) add(c.clientId, c.scopes, c.createdAt);
  for (const g of grants) add(g.clientId, g.scope.split(' ').filter(Boolean), g.createdAt);
  const registry = await loadRegistry(ctx.store, ctx.config);
  for (const app of apps.values()) {
    app.name = (await ctx.store.clients.findById(app.clientId))?.name ?? app.clientId;
    app.groups = describeScopes(registry, app.scopes);
  }

  const done = typeof req.query.done === 'string' ? req.query.done : '';
  renderPage(
    ctx,
    req,
    res,
    'account',
    {
      title: 'Your account',
      account,
      currentSid: session.sid,
      sessions,
      apps: [...apps.values()].sort((a, b) => a.name.localeCompare(b.name)),
      notice: NOTICES[done] ?? null,
      error,
      describeDevice,
      formatTime: (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    },
    status,
  );
}
