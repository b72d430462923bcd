import { z } from 'zod';
import type { ConnectedApp } from '../../accounts/connected-apps.js';
import type { UserSession } from '../services/sessions.js';
import type { UserDetail, UserSummary } from '../services/user-view.js';

const isoTime = z.iso.datetime().describe('ISO 8601 time, UTC');
const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export const userSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    roles: z.array(z.string()),
    status: z.enum(['active', 'locked', 'disabled']),
    lockedUntil: isoTime.nullable().describe('Set while a lockout runs'),
    disabledAt: isoTime.nullable(),
    failedLogins: z.number().int(),
    emailVerified: z.boolean(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .describe('A user account (never its password hash)');

export const userDetailSchema = userSchema.extend({
  mfaRequired: z.boolean(),
  factors: z
    .object({
      totp: z.boolean(),
      passkeys: z.array(z.object({ name: z.string(), createdAt: isoTime, lastUsedAt: isoTime.nullable() })),
      recoveryCodesLeft: z.number().int(),
    })
    .describe('Enrolled sign-in factors, without secrets'),
});

export const sessionSchema = z.object({
  sid: z.string().describe('The public session id (the one in ID and logout tokens), never the cookie'),
  createdAt: isoTime,
  lastSeenAt: isoTime,
  expiresAt: isoTime,
  authTime: isoTime,
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  apps: z.array(z.string()).describe('Client ids the session signed in to'),
});

export const appSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  since: isoTime,
  grants: z.number().int().describe('Live grants; 0 when only the remembered consent is left'),
});

export const toApiUser = (u: UserSummary): z.output<typeof userSchema> => ({
  id: u.id,
  username: u.username,
  email: u.email,
  name: u.name,
  roles: u.roles,
  status: u.status,
  lockedUntil: isoOrNull(u.lockedUntil),
  disabledAt: isoOrNull(u.disabledAt),
  failedLogins: u.failedLogins,
  emailVerified: u.emailVerified,
  createdAt: iso(u.createdAt),
  updatedAt: iso(u.updatedAt),
});

export const toApiUserDetail = (u: UserDetail): z.output<typeof userDetailSchema> => ({
  ...toApiUser(u),
  mfaRequired: u.mfaRequired,
  factors: {
    totp: u.factors.totp,
    passkeys: u.factors.passkeys.map((p) => ({ name: p.name, createdAt: iso(p.createdAt), lastUsedAt: isoOrNull(p.lastUsedAt) })),
    recoveryCodesLeft: u.factors.recoveryCodesLeft,
  },
});

export const toApiSession = (s: UserSession): z.output<typeof sessionSchema> => ({
  ...s,
  createdAt: iso(s.createdAt),
  lastSeenAt: iso(s.lastSeenAt),
  expiresAt: iso(s.expiresAt),
  authTime: iso(s.authTime),
});

export const toApiApp = (a: ConnectedApp): z.output<typeof appSchema> => ({ clientId: a.clientId, name: a.name, scopes: a.scopes, since: iso(a.since), grants: a.grants });
