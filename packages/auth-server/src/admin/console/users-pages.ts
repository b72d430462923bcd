import { Router, type Request, type Response } from 'express';
import { describeDevice } from '../../interaction/describe-device.js';
import { readForm } from '../../interaction/read-form.js';
import { AdminError, InvalidInput } from '../admin-error.js';
import { listUserApps } from '../services/connected-apps.js';
import { listUserSessions } from '../services/sessions.js';
import { createUser, getUser, searchUsers, type UserSearchInput } from '../services/users.js';
import type { ConsoleContext } from './console-context.js';
import { userActionPages, userPath } from './user-action-pages.js';
import { userPasswordPages } from './user-password-pages.js';

/** Fixed confirmations for `?done=`: the page never reflects text from the URL. */
export const USER_NOTICES: Record<string, string> = {
  created: 'The user was created.',
  invited: 'The user was created and mailed a link to choose a password.',
  disabled: 'The user is disabled: signed out everywhere, every app grant revoked.',
  enabled: 'The user is enabled and may sign in again.',
  unlocked: 'The lockout is over.',
  'reset-mail': 'A reset-password mail is on its way (the usual limits apply).',
  'factors-reset': 'The sign-in factors were removed.',
  'mfa-on': 'A second factor is now required.',
  'mfa-off': 'A second factor is no longer required.',
  'role-granted': 'The role was granted.',
  'role-revoked': 'The role was revoked.',
  'session-ended': 'The session was ended; its apps were told.',
  'sessions-ended': 'Every session was ended; their apps were told.',
  'app-revoked': 'The app was disconnected.',
  saved: 'The changes were saved.',
};

const iso = (t: number | null): string => (t === null ? '' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'));
const text = (v: unknown, max: number): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** /admin/users: search and page, create, and one page per user with every action (user-action-pages.ts). */
export function usersPages(ctx: ConsoleContext): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const raw = req.query as Record<string, unknown>;
    const form = { q: text(raw.q, 320), role: text(raw.role, 32), status: text(raw.status, 16) };
    const input: UserSearchInput = {
      q: form.q || undefined,
      role: form.role || undefined,
      status: form.status === 'locked' || form.status === 'disabled' ? form.status : undefined,
      cursor: text(raw.cursor, 600) || undefined,
    };
    let page: Awaited<ReturnType<typeof searchUsers>> = { users: [], nextCursor: null };
    let error: string | null = null;
    try {
      page = await searchUsers(ctx.svc, ctx.caller(res), input);
    } catch (err) {
      if (!(err instanceof AdminError)) throw err;
      error = err.message;
      res.status(err.status);
    }
    const params = new URLSearchParams(Object.entries(form).filter(([, v]) => v !== ''));
    if (page.nextCursor) params.set('cursor', page.nextCursor);
    ctx.render(res, 'users', { title: 'Users', form, users: page.users, error, iso, nextHref: page.nextCursor ? `/admin/users?${params.toString()}` : null }, res.statusCode);
  });

  const newForm = (res: Response, status = 200, error: string | null = null, values: Record<string, string> = {}) =>
    ctx.render(res, 'user-new', { title: 'New user', error, values }, status);
  router.get('/new', (_req, res) => newForm(res));
  router.post('/new', async (req: Request, res) => {
    const form = readForm(req.body, { username: 64, email: 320, name: 200, roles: 400, password: 1024 });
    const v = form.values;
    const shown = { username: v.username ?? '', email: v.email ?? '', name: v.name ?? '', roles: v.roles ?? '' };
    try {
      if (form.error) throw new InvalidInput(form.error);
      const roles = (v.roles ?? '').split(/[\s,]+/).filter(Boolean);
      const made = await createUser(ctx.svc, ctx.caller(res), { username: v.username ?? '', email: v.email || undefined, name: v.name || undefined, roles, password: v.password || undefined });
      res.redirect(303, `${userPath(made.user.id)}?done=${made.resetMailQueued ? 'invited' : 'created'}`);
    } catch (err) {
      if (!(err instanceof AdminError)) throw err;
      newForm(res, err.status, err.message, shown);
    }
  });

  router.get('/:id', async (req, res) => {
    const ref = req.params.id;
    const caller = ctx.caller(res);
    const user = await getUser(ctx.svc, caller, ref);
    const [sessions, apps] = await Promise.all([listUserSessions(ctx.svc, caller, user.id), listUserApps(ctx.svc, caller, user.id)]);
    const done = typeof req.query.done === 'string' ? req.query.done : '';
    ctx.render(res, 'user', { title: user.username, user, sessions, apps, iso, describeDevice, path: userPath(user.id), notice: USER_NOTICES[done] ?? null });
  });

  router.use('/:id/password', userPasswordPages(ctx));
  router.use('/:id', userActionPages(ctx));
  return router;
}
