import { z } from 'zod';
import { listUserApps, revokeUserApp } from '../services/connected-apps.js';
import { endAllUserSessions, endUserSession, listUserSessions } from '../services/sessions.js';
import { disableUser, enableUser, sendResetMail, setPassword, unlockUser } from '../services/user-access.js';
import { resetFactors } from '../services/user-factors.js';
import { grantRole, revokeRole } from '../services/user-roles.js';
import { createUser, getUser, searchUsers, updateUser, USER_PAGE_MAX } from '../services/users.js';
import { defineRoute, type AdminRoute } from './admin-route.js';
import { appSchema, sessionSchema, toApiApp, toApiSession, toApiUser, toApiUserDetail, userDetailSchema, userSchema } from './users-schemas.js';

const id = (p: Record<string, string>): string => p.id!;
const USER = 'users';
const searchQuery = z.object({
  q: z.string().max(320).optional().describe('A username prefix, or an e-mail prefix when it contains "@"'),
  role: z.string().max(32).optional(),
  status: z.enum(['locked', 'disabled']).optional(),
  cursor: z.string().max(600).optional().describe('`nextCursor` of the previous page'),
  limit: z.coerce.number().int().min(1).max(USER_PAGE_MAX).optional().describe('Default 50'),
});
const newUser = z.strictObject({
  username: z.string().max(64),
  email: z.string().max(320).optional(),
  name: z.string().max(200).optional(),
  roles: z.array(z.string().max(32)).max(32).optional(),
  password: z.string().max(1024).optional().describe('Absent: the user is mailed a link to choose one (needs email)'),
});
const patch = z.strictObject({
  name: z.string().max(200).nullable().optional(),
  email: z.string().max(320).nullable().optional().describe('A new address is unverified until its owner confirms it'),
  requireMfa: z.boolean().optional(),
});
const withAccess = userSchema.extend({ sessionsEnded: z.number().int(), grantsRevoked: z.number().int() });
type Svc = Parameters<AdminRoute['handle']>[1];
type Req = Parameters<AdminRoute['handle']>[0];
/** The user as it is after a change. */
const current = async (svc: Svc, req: Req) => toApiUser(await getUser(svc, req.caller, id(req.params)));

/** One user action: POST /users/:id/<action>, answered with the user as it is now. */
const action = (path: string, operationId: string, summary: string, run: (svc: Svc, req: Req) => Promise<unknown>) =>
  defineRoute({
    method: 'post',
    path: `/users/:id/${path}`,
    scope: 'admin:write',
    operationId,
    summary,
    tag: USER,
    response: { status: 200, description: 'The user after the change', schema: userSchema },
    handle: async (req, svc) => {
      await run(svc, req);
      return current(svc, req);
    },
  });

export const userRoutes: AdminRoute[] = [
  defineRoute({
    method: 'get', path: '/users', scope: 'admin:read', operationId: 'searchUsers', tag: USER,
    summary: 'Users in username order (e-mail order for an address search), a keyset page at a time',
    query: searchQuery,
    response: { status: 200, description: 'One page', schema: z.object({ items: z.array(userSchema), nextCursor: z.string().nullable().describe('null on the last page') }) },
    handle: async (req, svc) => {
      const page = await searchUsers(svc, req.caller, req.query);
      return { items: page.users.map(toApiUser), nextCursor: page.nextCursor };
    },
  }),
  defineRoute({
    method: 'post', path: '/users', scope: 'admin:write', operationId: 'createUser', tag: USER,
    summary: 'Create a user, with a password or with a mailed link to choose one',
    body: newUser,
    response: { status: 201, description: 'The new user', schema: z.object({ user: userSchema, resetMailQueued: z.boolean() }) },
    handle: async (req, svc) => {
      const made = await createUser(svc, req.caller, req.body);
      return { user: toApiUser(made.user), resetMailQueued: made.resetMailQueued };
    },
  }),
  defineRoute({
    method: 'get', path: '/users/:id', scope: 'admin:read', operationId: 'getUser', tag: USER,
    summary: 'One user (by id or username): profile, status, MFA requirement and enrolled factors',
    response: { status: 200, description: 'The user', schema: userDetailSchema },
    handle: async (req, svc) => toApiUserDetail(await getUser(svc, req.caller, id(req.params))),
  }),
  defineRoute({
    method: 'patch', path: '/users/:id', scope: 'admin:write', operationId: 'updateUser', tag: USER,
    summary: 'Change name, e-mail address or whether a second factor is required',
    body: patch,
    response: { status: 200, description: 'The user after the change', schema: userSchema },
    handle: async (req, svc) => toApiUser(await updateUser(svc, req.caller, id(req.params), req.body)),
  }),
  defineRoute({
    method: 'post', path: '/users/:id/disable', scope: 'admin:write', operationId: 'disableUser', tag: USER,
    summary: 'Disable: sign-in refused, every session ended and grant revoked, apps told by back-channel logout',
    response: { status: 200, description: 'The user, and what was ended', schema: withAccess },
    handle: async (req, svc) => {
      const r = await disableUser(svc, req.caller, id(req.params));
      return { ...toApiUser(r), sessionsEnded: r.sessionsEnded, grantsRevoked: r.grantsRevoked };
    },
  }),
  defineRoute({
    method: 'put', path: '/users/:id/password', scope: 'admin:write', operationId: 'setUserPassword', tag: USER,
    summary: "Set the password (policy checked, lockout cleared); every session ended and grant revoked, apps told by back-channel logout. Not one's own: that is the account page",
    body: z.strictObject({ password: z.string().max(1024).describe('Never echoed nor logged') }),
    response: { status: 200, description: 'What was ended', schema: z.object({ username: z.string(), sessionsEnded: z.number().int(), grantsRevoked: z.number().int() }) },
    handle: async (req, svc) => {
      const r = await setPassword(svc, req.caller, id(req.params), req.body.password);
      return { username: r.username, sessionsEnded: r.sessionsEnded, grantsRevoked: r.grantsRevoked };
    },
  }),
  action('enable', 'enableUser', 'Enable a disabled user', (svc, req) => enableUser(svc, req.caller, id(req.params))),
  action('unlock', 'unlockUser', 'End a lockout and reset the failed-login counter', (svc, req) => unlockUser(svc, req.caller, id(req.params))),
  action('reset-password-mail', 'sendResetPasswordMail', 'Mail the user a reset-password link (the "forgot password" mail and limits)', (svc, req) => sendResetMail(svc, req.caller, id(req.params))),
  action('reset-factors', 'resetUserFactors', 'Remove the authenticator app, passkeys and recovery codes', (svc, req) => resetFactors(svc, req.caller, id(req.params))),
  defineRoute({
    method: 'put', path: '/users/:id/roles/:role', scope: 'admin:write', operationId: 'grantRole', tag: USER,
    summary: 'Grant a role (granting one the user has changes nothing)',
    response: { status: 200, description: 'The user after the change', schema: userSchema },
    handle: async (req, svc) => {
      await grantRole(svc, req.caller, id(req.params), req.params.role!);
      return current(svc, req);
    },
  }),
  defineRoute({
    method: 'delete', path: '/users/:id/roles/:role', scope: 'admin:write', operationId: 'revokeRole', tag: USER,
    summary: 'Revoke a role (an admin cannot revoke their own admin role)',
    response: { status: 204, description: 'Revoked' },
    handle: (req, svc) => revokeRole(svc, req.caller, id(req.params), req.params.role!),
  }),
  defineRoute({
    method: 'get', path: '/users/:id/sessions', scope: 'admin:read', operationId: 'listUserSessions', tag: USER,
    summary: 'Active sessions with the apps each reached',
    response: { status: 200, description: 'The sessions', schema: z.object({ items: z.array(sessionSchema) }) },
    handle: async (req, svc) => ({ items: (await listUserSessions(svc, req.caller, id(req.params))).map(toApiSession) }),
  }),
  defineRoute({
    method: 'delete', path: '/users/:id/sessions/:sid', scope: 'admin:write', operationId: 'endUserSession', tag: USER,
    summary: 'End one session; the apps it reached get a back-channel logout',
    response: { status: 204, description: 'Ended' },
    handle: (req, svc) => endUserSession(svc, req.caller, id(req.params), req.params.sid!),
  }),
  defineRoute({
    method: 'delete', path: '/users/:id/sessions', scope: 'admin:write', operationId: 'endAllUserSessions', tag: USER,
    summary: 'End every session of the user',
    response: { status: 200, description: 'How many ended', schema: z.object({ sessionsEnded: z.number().int() }) },
    handle: async (req, svc) => ({ sessionsEnded: (await endAllUserSessions(svc, req.caller, id(req.params))).sessionsEnded }),
  }),
  defineRoute({
    method: 'get', path: '/users/:id/apps', scope: 'admin:read', operationId: 'listUserApps', tag: USER,
    summary: "The user's connected apps, as their account page shows them",
    response: { status: 200, description: 'The apps', schema: z.object({ items: z.array(appSchema) }) },
    handle: async (req, svc) => ({ items: (await listUserApps(svc, req.caller, id(req.params))).map(toApiApp) }),
  }),
  defineRoute({
    method: 'delete', path: '/users/:id/apps/:clientId', scope: 'admin:write', operationId: 'revokeUserApp', tag: USER,
    summary: "Disconnect an app: its grants and refresh tokens revoked, consent forgotten, back-channel logout",
    response: { status: 204, description: 'Disconnected' },
    handle: (req, svc) => revokeUserApp(svc, req.caller, id(req.params), req.params.clientId!),
  }),
];
