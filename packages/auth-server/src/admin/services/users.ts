import { randomBytes } from 'node:crypto';
import { AccountInputError, createAccount, isValidEmail, normalizeEmail } from '../../accounts/create-account.js';
import { DuplicateError } from '../../store/types.js';
import { Conflict, InvalidInput } from '../admin-error.js';
import type { Caller, ServiceContext } from '../service-context.js';
import { findUser } from './find-user.js';
import { checkRole } from './user-roles.js';
import { queueResetMail } from './user-access.js';
import { recordAdminEvent } from './admin-event.js';
import { toUserSummary, type UserDetail, type UserSummary } from './user-view.js';

export const USER_PAGE_DEFAULT = 50;
export const USER_PAGE_MAX = 100;

export interface UserSearchInput {
  /** A username prefix, or an e-mail prefix when it contains "@" (both index ranges; no substring search). */
  q?: string | undefined;
  role?: string | undefined;
  status?: 'locked' | 'disabled' | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** The cursor names the column it continues, so a cursor from another search is refused, not misread. */
export const userCursor = (field: 'username' | 'email', after: string): string => Buffer.from(`${field === 'email' ? 'e' : 'u'}:${after}`).toString('base64url');
function decodeCursor(cursor: string, field: 'username' | 'email'): string {
  const raw = cursor.length <= 600 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const prefix = field === 'email' ? 'e:' : 'u:';
  if (!raw.startsWith(prefix)) throw new InvalidInput('The cursor does not belong to this search', 'cursor');
  return raw.slice(2);
}

/** GET /users, `users list`: one keyset page, in username (or e-mail) order. */
export async function searchUsers(svc: ServiceContext, _caller: Caller, input: UserSearchInput): Promise<{ users: UserSummary[]; nextCursor: string | null }> {
  const limit = input.limit ?? USER_PAGE_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > USER_PAGE_MAX) throw new InvalidInput(`limit is 1 to ${USER_PAGE_MAX}`, 'limit');
  const q = input.q?.trim().toLowerCase() ?? '';
  if (q.length > 320) throw new InvalidInput('The search is at most 320 characters', 'q');
  const field = q.includes('@') ? 'email' : 'username';
  if (input.role !== undefined) checkRole(input.role);
  const now = svc.clock();
  const rows = await svc.store.accounts.search({
    prefix: q ? { field, value: q } : undefined,
    role: input.role,
    status: input.status,
    now,
    after: input.cursor ? decodeCursor(input.cursor, field) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? userCursor(field, field === 'email' ? last.email! : last.username) : null;
  return { users: page.map((a) => toUserSummary(a, now)), nextCursor };
}

/** GET /users/:id, `users show U`. */
export async function getUser(svc: ServiceContext, _caller: Caller, ref: string): Promise<UserDetail> {
  const account = await findUser(svc, ref);
  const [mfaRequired, totp, passkeys, recoveryCodesLeft] = await Promise.all([
    svc.store.mfaRequirements.has('account', account.id),
    svc.store.totp.find(account.id),
    svc.store.passkeys.listByAccount(account.id),
    svc.store.recoveryCodes.countUnused(account.id),
  ]);
  return {
    ...toUserSummary(account, svc.clock()),
    mfaRequired,
    factors: {
      totp: totp?.confirmedAt != null,
      passkeys: passkeys.map((p) => ({ name: p.name, createdAt: p.createdAt, lastUsedAt: p.lastUsedAt })),
      recoveryCodesLeft,
    },
  };
}

export interface NewUserInput {
  username: string;
  email?: string | undefined;
  name?: string | undefined;
  roles?: string[] | undefined;
  /** Absent: the account gets an unknown random password and a set-password (reset) mail. */
  password?: string | undefined;
}

/** POST /users, `users create`. Without a password the user chooses one through the reset link. */
export async function createUser(svc: ServiceContext, caller: Caller, input: NewUserInput): Promise<{ user: UserSummary; resetMailQueued: boolean }> {
  const roles = [...new Set((input.roles ?? []).map(checkRole))];
  if (input.password === undefined && !input.email) throw new InvalidInput('Without a password the user needs an e-mail address for the set-password mail', 'email');
  // 256 random bits nobody knows: the account is usable only after the mailed reset.
  const password = input.password ?? randomBytes(32).toString('base64url');
  let account;
  try {
    account = await createAccount(svc.store, svc.clock(), { ...input, password, roles });
  } catch (err) {
    if (err instanceof AccountInputError) throw new InvalidInput(err.message, err.field);
    if (err instanceof DuplicateError) throw new Conflict(`That ${err.what === 'email' ? 'e-mail address' : 'username'} already exists`, err.what);
    throw err;
  }
  await recordAdminEvent(svc, caller, 'account_created', { accountId: account.id }, { roles });
  const resetMailQueued = input.password === undefined && (await queueResetMail(svc, account));
  return { user: toUserSummary(account, svc.clock()), resetMailQueued };
}

export interface UserPatch {
  name?: string | null | undefined;
  email?: string | null | undefined;
  requireMfa?: boolean | undefined;
}

/** PATCH /users/:id. A new e-mail address is unverified until its owner follows a link. */
export async function updateUser(svc: ServiceContext, caller: Caller, ref: string, patch: UserPatch): Promise<UserSummary> {
  const account = await findUser(svc, ref);
  const changes: { name?: string | null; email?: string | null; emailVerified?: boolean } = {};
  if (patch.name !== undefined) {
    const name = patch.name?.trim() || null;
    if (name && name.length > 200) throw new InvalidInput('Names are at most 200 characters', 'name');
    changes.name = name;
  }
  if (patch.email !== undefined) {
    const email = patch.email ? normalizeEmail(patch.email) : null;
    if (email && !isValidEmail(email)) throw new InvalidInput('Enter a valid email address.', 'email');
    if (email !== account.email) Object.assign(changes, { email, emailVerified: false });
  }
  const now = svc.clock();
  let updated = account;
  if (Object.keys(changes).length > 0) {
    try {
      updated = (await svc.store.accounts.update(account.id, changes, now)) ?? account;
    } catch (err) {
      if (err instanceof DuplicateError) throw new Conflict('That e-mail address is taken', 'email');
      throw err;
    }
    await recordAdminEvent(svc, caller, 'account_updated', { accountId: account.id }, { fields: Object.keys(changes).filter((k) => k !== 'emailVerified') });
  }
  if (patch.requireMfa !== undefined) await setRequireMfa(svc, caller, account.id, patch.requireMfa);
  return toUserSummary(updated, now);
}

/** `users require-mfa U [--off]`: every sign-in of this account then needs a second factor. */
export async function setRequireMfa(svc: ServiceContext, caller: Caller, ref: string, required: boolean): Promise<{ username: string; required: boolean }> {
  const account = await findUser(svc, ref);
  await svc.store.mfaRequirements.set('account', account.id, required, svc.clock());
  await recordAdminEvent(svc, caller, 'mfa_requirement_changed', { accountId: account.id }, { required });
  return { username: account.username, required };
}
