import { loopbackFetch } from '@sso/shared';
import { AccountInputError, createAccount, normalizeUsername } from '../accounts/create-account.js';
import { hashPassword, passwordPolicyViolation } from '../accounts/passwords.js';
import { revokeAccountAccess } from '../accounts/revoke-account-access.js';
import { createKeyStore } from '../keys/db-key-store.js';
import { createLogger } from '../logger.js';
import type { Account } from '../store/types.js';
import { iso, UsageError, type CliContext } from './cli-context.js';
import { eachPage } from './paging.js';

const ROLE_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

async function findAccount(ctx: CliContext, username: string): Promise<Account> {
  const account = await ctx.store.accounts.findByUsername(normalizeUsername(username));
  if (!account) throw new UsageError(`No user ${username}`);
  return account;
}

function checkRole(role: string): string {
  if (!ROLE_PATTERN.test(role)) throw new UsageError(`Role names are 1 to 32 of a-z 0-9 _ - starting with a letter: ${role}`);
  return role;
}

const audit = (ctx: CliContext, type: string, account: Account, detail: Record<string, unknown> | null = null) =>
  ctx.store.audit.record({ type, accountId: account.id, clientId: null, ip: null, detail: { by: 'cli', ...detail } }, ctx.clock());

export async function createUser(
  ctx: CliContext,
  input: { username: string; password: string; email?: string | undefined; name?: string | undefined; roles?: string[] },
): Promise<Account> {
  const roles = [...new Set((input.roles ?? []).map(checkRole))];
  try {
    const account = await createAccount(ctx.store, ctx.clock(), { ...input, roles });
    await audit(ctx, 'account_created', account, { roles });
    ctx.out.log(`Created user ${account.username}${roles.length ? ` with roles ${roles.join(', ')}` : ''}`);
    return account;
  } catch (err) {
    if (err instanceof AccountInputError) throw new UsageError(`--${err.field}: ${err.message}`);
    throw err;
  }
}

/** New password, and every session and grant of the account ended: whoever knew the old one is out. */
export async function resetPassword(ctx: CliContext, username: string, password: string): Promise<void> {
  const account = await findAccount(ctx, username);
  const problem = passwordPolicyViolation(password, account.username);
  if (problem) throw new UsageError(problem);
  const now = ctx.clock();
  await ctx.store.accounts.update(account.id, { passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null }, now);
  // A reset is what follows a stolen password: every app holding a session or grant is told to sign out.
  const deps = { ...ctx, keys: createKeyStore(ctx), logger: createLogger('silent'), fetch: loopbackFetch };
  const { sessionsEnded, grantsRevoked } = await revokeAccountAccess(deps, account.id, { reason: 'password_reset' });
  await audit(ctx, 'password_reset', account, { sessionsEnded, grantsRevoked });
  ctx.out.log(`Password of ${account.username} reset; ended ${sessionsEnded} session(s), revoked ${grantsRevoked} grant(s).`);
}

export async function grantRole(ctx: CliContext, username: string, role: string): Promise<void> {
  const account = await findAccount(ctx, username);
  if (account.roles.includes(checkRole(role))) return ctx.out.log(`${account.username} already has role ${role}`);
  await ctx.store.accounts.update(account.id, { roles: [...account.roles, role] }, ctx.clock());
  await audit(ctx, 'role_granted', account, { role });
  ctx.out.log(`Granted role ${role} to ${account.username}`);
}

export async function revokeRole(ctx: CliContext, username: string, role: string): Promise<void> {
  const account = await findAccount(ctx, username);
  if (!account.roles.includes(role)) throw new UsageError(`${account.username} does not have role ${role}`);
  await ctx.store.accounts.update(account.id, { roles: account.roles.filter((r) => r !== role) }, ctx.clock());
  await audit(ctx, 'role_revoked', account, { role });
  ctx.out.log(`Revoked role ${role} from ${account.username}`);
}

export async function unlockUser(ctx: CliContext, username: string): Promise<void> {
  const account = await findAccount(ctx, username);
  await ctx.store.accounts.update(account.id, { failedLogins: 0, lockedUntil: null }, ctx.clock());
  await audit(ctx, 'account_unlocked', account, { failedLogins: account.failedLogins });
  ctx.out.log(`Unlocked ${account.username} (had ${account.failedLogins} failed login(s))`);
}

/** By username, a store page at a time; `after` and `limit` show one slice. */
export async function listUsers(ctx: CliContext, opts: { after?: string | undefined; limit?: number | undefined } = {}): Promise<void> {
  const now = ctx.clock();
  let header = false;
  const shown = await eachPage((page) => ctx.store.accounts.list(page), (a) => a.username, opts, (a) => {
    if (!header) {
      ctx.out.log('USERNAME\tEMAIL\tROLES\tSTATUS\tFAILED LOGINS');
      header = true;
    }
    const locked = a.lockedUntil !== null && a.lockedUntil > now ? `locked until ${iso(a.lockedUntil)}` : 'active';
    ctx.out.log(`${a.username}\t${a.email ?? '-'}\t${a.roles.join(',') || '-'}\t${locked}\t${a.failedLogins}`);
  });
  if (shown === 0) ctx.out.log('No users.');
}
