import { AdminError } from '../admin/admin-error.js';
import * as access from '../admin/services/user-access.js';
import * as roles from '../admin/services/user-roles.js';
import * as users from '../admin/services/users.js';
import type { UserSummary } from '../admin/services/user-view.js';
import { iso, UsageError, type CliContext } from './cli-context.js';
import { CLI_CALLER, cliServiceContext } from './cli-service-context.js';
import { eachPage } from './paging.js';

/** Commands that change one user: parse is in users-cli.ts, the rules in admin/services. */
export const userStatusText = (u: UserSummary): string => (u.status === 'locked' ? `locked until ${iso(u.lockedUntil)}` : u.status);

export async function createUser(
  ctx: CliContext,
  input: { username: string; password?: string | undefined; email?: string | undefined; name?: string | undefined; roles?: string[] },
): Promise<UserSummary> {
  try {
    const { user, resetMailQueued } = await users.createUser(cliServiceContext(ctx), CLI_CALLER, input);
    ctx.out.log(`Created user ${user.username}${user.roles.length ? ` with roles ${user.roles.join(', ')}` : ''}`);
    if (resetMailQueued) ctx.out.log(`A mail to choose a password is queued for ${user.email ?? '-'}; the server sends it.`);
    return user;
  } catch (err) {
    // The option at fault, named as before the service layer: `--password: Use at least 10 ...`.
    if (err instanceof AdminError && err.field && err.status === 400) throw new UsageError(`--${err.field}: ${err.message}`);
    throw err;
  }
}

/** New password, and every session and grant of the account ended: whoever knew the old one is out. */
export async function resetPassword(ctx: CliContext, username: string, password: string): Promise<void> {
  const r = await access.setPassword(cliServiceContext(ctx), CLI_CALLER, username, password);
  ctx.out.log(`Password of ${r.username} reset; ended ${r.sessionsEnded} session(s), revoked ${r.grantsRevoked} grant(s).`);
}

export async function grantRole(ctx: CliContext, username: string, role: string): Promise<void> {
  const r = await roles.grantRole(cliServiceContext(ctx), CLI_CALLER, username, role);
  ctx.out.log(r.changed ? `Granted role ${role} to ${r.username}` : `${r.username} already has role ${role}`);
}

export async function revokeRole(ctx: CliContext, username: string, role: string): Promise<void> {
  const r = await roles.revokeRole(cliServiceContext(ctx), CLI_CALLER, username, role);
  ctx.out.log(`Revoked role ${role} from ${r.username}`);
}

export async function unlockUser(ctx: CliContext, username: string): Promise<void> {
  const r = await access.unlockUser(cliServiceContext(ctx), CLI_CALLER, username);
  ctx.out.log(`Unlocked ${r.username} (had ${r.failedLogins} failed login(s))`);
}

export async function disableUser(ctx: CliContext, username: string): Promise<void> {
  const r = await access.disableUser(cliServiceContext(ctx), CLI_CALLER, username);
  ctx.out.log(`Disabled ${r.username}; ended ${r.sessionsEnded} session(s), revoked ${r.grantsRevoked} grant(s).`);
}

export async function enableUser(ctx: CliContext, username: string): Promise<void> {
  const r = await access.enableUser(cliServiceContext(ctx), CLI_CALLER, username);
  ctx.out.log(`Enabled ${r.username}`);
}

export interface ListOptions {
  after?: string | undefined;
  limit?: number | undefined;
  search?: string | undefined;
  role?: string | undefined;
  status?: 'locked' | 'disabled' | undefined;
}

/** In username order (e-mail order for a search with "@"), a service page at a time. */
export async function listUsers(ctx: CliContext, opts: ListOptions = {}): Promise<void> {
  const svc = cliServiceContext(ctx);
  const byEmail = opts.search?.includes('@') ?? false;
  let header = false;
  const page = async ({ after, limit }: { after?: string | undefined; limit?: number | undefined }) =>
    (await users.searchUsers(svc, CLI_CALLER, { q: opts.search, role: opts.role, status: opts.status, cursor: after && users.userCursor(byEmail ? 'email' : 'username', after), limit })).users;
  const key = (u: UserSummary) => (byEmail ? u.email! : u.username);
  const shown = await eachPage(page, key, opts, (u) => {
    if (!header) {
      ctx.out.log('USERNAME\tEMAIL\tROLES\tSTATUS\tFAILED LOGINS');
      header = true;
    }
    ctx.out.log(`${u.username}\t${u.email ?? '-'}\t${u.roles.join(',') || '-'}\t${userStatusText(u)}\t${u.failedLogins}`);
  }, users.USER_PAGE_MAX);
  if (shown === 0) ctx.out.log('No users.');
}
