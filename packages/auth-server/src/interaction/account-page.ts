import type { Request, Response } from 'express';
import type { AppContext } from '../app-context.js';
import { listConnectedApps } from '../accounts/connected-apps.js';
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

/** Renders /account for the signed-in user: sessions on every device and the apps they use. */
export async function showAccount(ctx: AppContext, req: Request, res: Response, status = 200, error?: string): Promise<void> {
  const { account, session } = req.authSession!;
  const now = ctx.clock();
  const [sessions, apps] = await Promise.all([
    ctx.store.sessions.listActiveByAccount(account.id, now),
    listConnectedApps(ctx.store, ctx.config, account.id, now),
  ]);

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
      apps,
      notice: NOTICES[done] ?? null,
      error,
      describeDevice,
      formatTime: (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    },
    status,
  );
}
