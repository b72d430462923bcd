import { Conflict, InvalidInput } from '../admin-error.js';
import type { Caller, ServiceContext } from '../service-context.js';
import { findUser } from './find-user.js';
import { recordAdminEvent } from './admin-event.js';

/** Role names travel in tokens and the JSON `roles` column: a strict alphabet, never a quote. */
export const ROLE_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

export function checkRole(role: string): string {
  if (!ROLE_PATTERN.test(role)) throw new InvalidInput(`Role names are 1 to 32 of a-z 0-9 _ - starting with a letter: ${role}`, 'role');
  return role;
}

/** `changed` false: the user already had it (granting twice is no error). */
export async function grantRole(svc: ServiceContext, caller: Caller, ref: string, role: string): Promise<{ username: string; changed: boolean }> {
  const account = await findUser(svc, ref);
  if (account.roles.includes(checkRole(role))) return { username: account.username, changed: false };
  await svc.store.accounts.update(account.id, { roles: [...account.roles, role] }, svc.clock());
  await recordAdminEvent(svc, caller, 'role_granted', { accountId: account.id }, { role });
  return { username: account.username, changed: true };
}

/**
 * An admin cannot take the admin role from themselves: the console and the API would lock out the
 * one asking. The CLI, on the server's own machine, stays the way back and has no such rule.
 */
export async function revokeRole(svc: ServiceContext, caller: Caller, ref: string, role: string): Promise<{ username: string }> {
  const account = await findUser(svc, ref);
  if (!account.roles.includes(role)) throw new Conflict(`${account.username} does not have role ${role}`, 'role');
  if (role === 'admin' && caller.actor.kind === 'admin' && caller.actor.accountId === account.id) {
    throw new Conflict('You cannot remove your own admin role; ask another admin', 'role');
  }
  await svc.store.accounts.update(account.id, { roles: account.roles.filter((r) => r !== role) }, svc.clock());
  await recordAdminEvent(svc, caller, 'role_revoked', { accountId: account.id }, { role });
  return { username: account.username };
}
