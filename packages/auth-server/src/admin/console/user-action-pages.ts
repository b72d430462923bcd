import { Router, type Request, type Response } from 'express';
import { readForm } from '../../interaction/read-form.js';
import { InvalidInput } from '../admin-error.js';
import { revokeUserApp } from '../services/connected-apps.js';
import { findUser } from '../services/find-user.js';
import { endAllUserSessions, endUserSession } from '../services/sessions.js';
import { disableUser, enableUser, sendResetMail, unlockUser } from '../services/user-access.js';
import { resetFactors } from '../services/user-factors.js';
import { grantRole, revokeRole } from '../services/user-roles.js';
import { setRequireMfa, updateUser } from '../services/users.js';
import type { Caller } from '../service-context.js';
import type { ConsoleContext } from './console-context.js';

export const userPath = (id: string): string => `/admin/users/${encodeURIComponent(id)}`;

type Fields = Record<string, string | undefined>;

interface UserAction {
  /** Extra form fields the action reads (each at most 256 characters). */
  fields?: string[];
  /** Destructive: the first POST shows a confirmation page, which posts again with confirmed=1. */
  confirm?: (username: string, f: Fields) => { title: string; message: string; label: string };
  run(ctx: ConsoleContext, caller: Caller, id: string, f: Fields): Promise<string>;
}

const need = (f: Fields, name: string): string => {
  const v = f[name]?.trim();
  if (!v) throw new InvalidInput(`Choose a ${name}.`, name);
  return v;
};

/** Every action of the user page: POST /admin/users/:id/<name>, CSRF-checked by the console router. */
const ACTIONS: Record<string, UserAction> = {
  disable: {
    confirm: (u) => ({ title: `Disable ${u}?`, message: `${u} will be signed out everywhere, every app's grant and refresh token revoked, and sign-in refused until enabled again.`, label: 'Disable' }),
    run: async (ctx, c, id) => (await disableUser(ctx.svc, c, id), 'disabled'),
  },
  enable: { run: async (ctx, c, id) => (await enableUser(ctx.svc, c, id), 'enabled') },
  unlock: { run: async (ctx, c, id) => (await unlockUser(ctx.svc, c, id), 'unlocked') },
  'reset-mail': { run: async (ctx, c, id) => (await sendResetMail(ctx.svc, c, id), 'reset-mail') },
  'reset-factors': {
    confirm: (u) => ({ title: `Reset the factors of ${u}?`, message: `The authenticator app, passkeys and recovery codes of ${u} are removed; they sign in with the password alone until they enrol again.`, label: 'Reset factors' }),
    run: async (ctx, c, id) => (await resetFactors(ctx.svc, c, id), 'factors-reset'),
  },
  mfa: {
    fields: ['required'],
    run: async (ctx, c, id, f) => ((await setRequireMfa(ctx.svc, c, id, f.required === '1')).required ? 'mfa-on' : 'mfa-off'),
  },
  edit: {
    fields: ['name', 'email'],
    run: async (ctx, c, id, f) => (await updateUser(ctx.svc, c, id, { name: f.name ?? null, email: f.email || null }), 'saved'),
  },
  'grant-role': { fields: ['role'], run: async (ctx, c, id, f) => (await grantRole(ctx.svc, c, id, need(f, 'role')), 'role-granted') },
  'revoke-role': { fields: ['role'], run: async (ctx, c, id, f) => (await revokeRole(ctx.svc, c, id, need(f, 'role')), 'role-revoked') },
  'end-session': {
    fields: ['sid'],
    confirm: (u) => ({ title: 'End this session?', message: `This session of ${u} ends now, and every app it signed in to is told to sign out.`, label: 'End session' }),
    run: async (ctx, c, id, f) => (await endUserSession(ctx.svc, c, id, need(f, 'sid')), 'session-ended'),
  },
  'end-sessions': {
    confirm: (u) => ({ title: `End every session of ${u}?`, message: `${u} is signed out on every device, and every app is told.`, label: 'End all sessions' }),
    run: async (ctx, c, id) => (await endAllUserSessions(ctx.svc, c, id), 'sessions-ended'),
  },
  'revoke-app': {
    fields: ['client_id'],
    confirm: (u, f) => ({ title: `Disconnect ${f.client_id ?? 'this app'}?`, message: `The app loses ${u}'s grants and refresh tokens, forgets the consent, and is told to sign ${u} out.`, label: 'Disconnect' }),
    run: async (ctx, c, id, f) => (await revokeUserApp(ctx.svc, c, id, need(f, 'client_id')), 'app-revoked'),
  },
};

/** Mounted at /admin/users/:id (mergeParams): runs the action, or asks first for a destructive one. */
export function userActionPages(ctx: ConsoleContext): Router {
  const router = Router({ mergeParams: true });
  router.post('/:action', async (req: Request<{ id: string; action: string }>, res: Response) => {
    const action = Object.hasOwn(ACTIONS, req.params.action) ? ACTIONS[req.params.action] : undefined;
    if (!action) return res.redirect(303, userPath(req.params.id));
    const names = [...(action.fields ?? []), 'confirmed'];
    const form = readForm(req.body, Object.fromEntries(names.map((n) => [n, 256])));
    if (form.error) throw new InvalidInput(form.error);
    const user = await findUser(ctx.svc, req.params.id);
    if (action.confirm && form.values.confirmed !== '1') {
      const page = action.confirm(user.username, form.values);
      const fields = Object.fromEntries(Object.entries(form.values).filter((e): e is [string, string] => e[1] !== undefined));
      return ctx.confirm(res, { title: page.title, message: page.message, confirmLabel: page.label, action: `${userPath(user.id)}/${req.params.action}`, fields: { ...fields, confirmed: '1' }, cancel: userPath(user.id) });
    }
    const done = await action.run(ctx, ctx.caller(res), user.id, form.values);
    res.redirect(303, `${userPath(user.id)}?done=${done}`);
  });
  return router;
}
