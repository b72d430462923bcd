import { hashPassword, passwordPolicyViolation } from '../../accounts/passwords.js';
import { revokeAccountAccess, type AccessRevoked } from '../../accounts/revoke-account-access.js';
import { createAppOutbox } from '../../outbox/handlers.js';
import { endAccountEverywhere } from '../../sessions/end-account.js';
import type { Account } from '../../accounts/account.js';
import { Conflict, InvalidInput } from '../admin-error.js';
import type { Caller, ServiceContext } from '../service-context.js';
import { findUser } from './find-user.js';
import { recordAdminEvent } from './admin-event.js';
import { toUserSummary, type UserSummary } from './user-view.js';

/**
 * Disabling is immediate: in one transaction the flag is set, every session ends and every grant is
 * revoked (refresh tokens then fail invalid_grant), with a back-channel logout queued for each app
 * (sessions/end-account.ts). Sign-in, the token endpoint and userinfo refuse the account while the
 * flag is set. Disabling twice changes nothing. An admin cannot disable their own account.
 */
export async function disableUser(svc: ServiceContext, caller: Caller, ref: string): Promise<UserSummary & AccessRevoked> {
  const account = await findUser(svc, ref);
  if (caller.actor.kind === 'admin' && caller.actor.accountId === account.id) throw new Conflict('You cannot disable your own account');
  if (account.disabledAt !== null) return { ...toUserSummary(account, svc.clock()), sessionsEnded: 0, grantsRevoked: 0 };
  const outbox = createAppOutbox(svc);
  const now = svc.clock();
  const ended = await svc.store.transaction(async (tx) => {
    await tx.accounts.update(account.id, { disabledAt: now }, now);
    return endAccountEverywhere(tx, outbox, account.id, now, 'account_disabled');
  });
  await outbox.deliver(ended.outboxIds);
  const { sessionsEnded, grantsRevoked } = ended;
  await recordAdminEvent(svc, caller, 'account_disabled', { accountId: account.id }, { sessionsEnded, grantsRevoked });
  return { ...toUserSummary({ ...account, disabledAt: now }, now), sessionsEnded, grantsRevoked };
}

export async function enableUser(svc: ServiceContext, caller: Caller, ref: string): Promise<UserSummary> {
  const account = await findUser(svc, ref);
  const now = svc.clock();
  if (account.disabledAt === null) return toUserSummary(account, now);
  await svc.store.accounts.update(account.id, { disabledAt: null }, now);
  await recordAdminEvent(svc, caller, 'account_enabled', { accountId: account.id });
  return toUserSummary({ ...account, disabledAt: null }, now);
}

export async function unlockUser(svc: ServiceContext, caller: Caller, ref: string): Promise<{ username: string; failedLogins: number }> {
  const account = await findUser(svc, ref);
  await svc.store.accounts.update(account.id, { failedLogins: 0, lockedUntil: null }, svc.clock());
  await recordAdminEvent(svc, caller, 'account_unlocked', { accountId: account.id }, { failedLogins: account.failedLogins });
  return { username: account.username, failedLogins: account.failedLogins };
}

/**
 * New password, and every session and grant of the account ended: whoever knew the old one is out.
 * An admin's own password is changed on the account page, which asks for the current one and keeps
 * the session doing it; here it would end the console session and grant in use, and let a stolen
 * admin token replace the password without knowing it. The CLI (host access) may, as the way back in.
 */
export async function setPassword(svc: ServiceContext, caller: Caller, ref: string, password: string): Promise<{ username: string } & AccessRevoked> {
  const account = await findUser(svc, ref);
  if (caller.actor.kind === 'admin' && caller.actor.accountId === account.id) {
    throw new Conflict('Change your own password on your account page (/account/password)', 'password');
  }
  const problem = passwordPolicyViolation(password, account.username);
  if (problem) throw new InvalidInput(problem, 'password');
  await svc.store.accounts.update(account.id, { passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null }, svc.clock());
  const revoked = await revokeAccountAccess(svc, account.id, { reason: 'password_reset' });
  await recordAdminEvent(svc, caller, 'password_reset', { accountId: account.id }, { ...revoked });
  return { username: account.username, ...revoked };
}

/**
 * The "forgot password" mail, asked for by an operator: the same outbox item as the form writes, so
 * the same template, single-use 30-minute link and per-account limit (outbox/handlers.ts). Returns
 * true when queued; the worker may still withhold it if the account had too many this hour.
 */
export async function queueResetMail(svc: ServiceContext, account: Account): Promise<boolean> {
  if (!account.email) return false;
  const email = account.email;
  await svc.store.transaction((tx) => createAppOutbox(svc).enqueue(tx, 'reset_password', { email }));
  svc.wakeOutbox?.();
  return true;
}

export async function sendResetMail(svc: ServiceContext, caller: Caller, ref: string): Promise<{ username: string; email: string }> {
  const account = await findUser(svc, ref);
  if (!account.email) throw new Conflict(`${account.username} has no e-mail address`, 'email');
  await queueResetMail(svc, account);
  await recordAdminEvent(svc, caller, 'reset_mail_requested', { accountId: account.id });
  return { username: account.username, email: account.email };
}
