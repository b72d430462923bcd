import { Router, type RequestHandler } from 'express';
import { NotFound } from '@sso/shared';
import { disconnectApp } from '../accounts/disconnect-app.js';
import type { AppContext } from '../app-context.js';
import { clientIp } from '../http/params.js';
import { showAccount } from './account-page.js';
import { readForm } from './read-form.js';
import { renderPage } from './render-page.js';

/** Signed-out visitors go to the login page instead. */
const requireSession: RequestHandler = (req, res, next) => {
  if (req.authSession) next();
  else res.set('Cache-Control', 'no-store').redirect(303, '/login');
};

/** The account page and what it can do: end a session, disconnect an app, sign out everywhere. */
export function accountRoutes(ctx: AppContext): Router {
  const router = Router();
  const csrf = ctx.csrf.verify();

  router.get('/', (_req, res) => res.redirect(303, '/account'));
  router.get('/account', requireSession, (req, res) => showAccount(ctx, req, res));

  router.post('/account/sessions/end', csrf, requireSession, async (req, res) => {
    const { account, session: current } = req.authSession!;
    const form = readForm(req.body, { sid: 64 });
    if (form.error || !form.values.sid) return showAccount(ctx, req, res, 400, form.error ?? 'Choose a session to end.');
    const target = await ctx.store.sessions.findBySid(form.values.sid);
    // Someone else's session, or one already over: the same 404, so sids cannot be probed.
    if (!target || target.accountId !== account.id || target.endedAt !== null) throw new NotFound('No such session');
    await ctx.logout(target.sid, 'user_ended_session');
    await ctx.audit({ type: 'session_ended', accountId: account.id, ip: clientIp(req), detail: { sid: target.sid } });
    if (target.sid === current.sid) {
      await ctx.sessions.end(req, res);
      return renderPage(ctx, req, res, 'signed-out', { title: 'Signed out' });
    }
    res.redirect(303, '/account?done=session-ended');
  });

  router.post('/account/apps/disconnect', csrf, requireSession, async (req, res) => {
    const { account } = req.authSession!;
    const form = readForm(req.body, { client_id: 256 });
    const clientId = form.values.client_id;
    if (form.error || !clientId) return showAccount(ctx, req, res, 400, form.error ?? 'Choose an app to disconnect.');
    const done = await disconnectApp(ctx, account.id, clientId, 'user_disconnected');
    if (!done) throw new NotFound('No such app');
    await ctx.audit({ type: 'app_disconnected', accountId: account.id, clientId, ip: clientIp(req), detail: { grants: done.grantsRevoked } });
    res.redirect(303, '/account?done=app-disconnected');
  });

  // Asks first: ending every session is not undone by a click on "back".
  router.get('/account/sign-out-everywhere', requireSession, async (req, res) => {
    const sessions = await ctx.store.sessions.listActiveByAccount(req.authSession!.account.id, ctx.clock());
    renderPage(ctx, req, res, 'sign-out-everywhere', { title: 'Sign out everywhere?', sessionCount: sessions.length });
  });

  router.post('/account/sign-out-everywhere', csrf, requireSession, async (req, res) => {
    const { account } = req.authSession!;
    const sessions = await ctx.store.sessions.listActiveByAccount(account.id, ctx.clock());
    for (const s of sessions) await ctx.logout(s.sid, 'user_signed_out_everywhere');
    await ctx.sessions.end(req, res);
    await ctx.audit({ type: 'logout_everywhere', accountId: account.id, ip: clientIp(req), detail: { sessions: sessions.length } });
    // Post/Redirect/Get: a reload or "back" does not re-submit, and the address bar shows a page.
    res.redirect(303, '/signed-out?everywhere=1');
  });

  // Fixed wording chosen by a flag: nothing from the URL is shown.
  router.get('/signed-out', (req, res) => {
    if (req.authSession) return res.redirect(303, '/account');
    const everywhere = req.query.everywhere === '1';
    renderPage(ctx, req, res, 'signed-out', { title: everywhere ? 'Signed out everywhere' : 'Signed out', everywhere });
  });

  return router;
}
