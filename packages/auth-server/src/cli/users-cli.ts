import { parseCommandArgs, positionals, required } from './args.js';
import { UsageError, unknownAction, type CliContext, type CliIo } from './cli-context.js';
import { resetFactors, setAccountMfa } from './mfa-command.js';
import { listOptions } from './paging.js';
import type { ListOptions } from './users-command.js';
import { endSessions, listSessions, showUser } from './user-detail-command.js';
import { createUser, disableUser, enableUser, grantRole, listUsers, resetPassword, revokeRole, unlockUser } from './users-command.js';

const ONE_USER = { unlock: unlockUser, disable: disableUser, enable: enableUser, show: showUser, sessions: listSessions, 'end-sessions': endSessions, 'reset-factors': resetFactors };

export const USERS_USAGE = `users create --username U [--email E] [--name N] [--role R...] [--password-stdin | --no-password]
  users list [--search PREFIX] [--role R] [--status locked|disabled] [--after KEY] [--limit N] | show U
  users reset-password U [--password-stdin] | grant-role U ROLE | revoke-role U ROLE | unlock U | disable U | enable U
  users sessions U | end-sessions U | require-mfa U [--off] | reset-factors U`;

/** `users list` options: the admin search filters, and `--after`/`--limit` as every list has them. */
function listUserOptions(args: string[]): ListOptions {
  const filters = { search: { type: 'string' }, role: { type: 'string' }, status: { type: 'string' } } as const;
  const { values: v, positionals: p } = parseCommandArgs(args, { ...filters, after: { type: 'string' }, limit: { type: 'string' } });
  positionals(p, []);
  if (v.status !== undefined && v.status !== 'locked' && v.status !== 'disabled') throw new UsageError('--status is locked or disabled');
  const paging = [...(v.after === undefined ? [] : ['--after', v.after]), ...(v.limit === undefined ? [] : ['--limit', v.limit])];
  return { ...listOptions(paging), search: v.search, role: v.role, status: v.status };
}

/** Passwords never come from arguments: they would land in shell history and `ps` output. */
function refusePasswordArgument(args: string[]): void {
  if (args.some((a) => a === '--password' || a.startsWith('--password='))) {
    throw new UsageError('Passwords are not accepted as arguments (shell history); pipe it with --password-stdin or answer the prompt');
  }
}

/** `users <action> ...` */
export async function runUsers(ctx: CliContext, io: CliIo, [action, ...rest]: string[]): Promise<void> {
  refusePasswordArgument(rest);
  const stdin = { 'password-stdin': { type: 'boolean' } } as const;
  switch (action) {
    case 'create': {
      const opts = { ...stdin, 'no-password': { type: 'boolean' }, username: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', multiple: true } } as const;
      const { values: v, positionals: p } = parseCommandArgs(rest, opts);
      positionals(p, []);
      const username = required(v.username, 'username');
      if (v['no-password'] && v['password-stdin']) throw new UsageError('--no-password and --password-stdin exclude each other');
      // --no-password: the user chooses one through a mailed reset link (needs --email).
      const password = v['no-password'] ? undefined : await io.readPassword(v['password-stdin'] ?? false);
      await createUser(ctx, { username, password, email: v.email, name: v.name, roles: v.role ?? [] });
      return;
    }
    case 'reset-password': {
      const { values: v, positionals: p } = parseCommandArgs(rest, stdin);
      const [username] = positionals(p, ['USERNAME']);
      return resetPassword(ctx, username!, await io.readPassword(v['password-stdin'] ?? false));
    }
    case 'grant-role':
    case 'revoke-role': {
      const [username, role] = positionals(parseCommandArgs(rest, {}).positionals, ['USERNAME', 'ROLE']);
      return (action === 'grant-role' ? grantRole : revokeRole)(ctx, username!, role!);
    }
    case 'unlock':
    case 'disable':
    case 'enable':
    case 'show':
    case 'sessions':
    case 'end-sessions':
    case 'reset-factors':
      return ONE_USER[action](ctx, positionals(parseCommandArgs(rest, {}).positionals, ['USERNAME'])[0]!);
    case 'require-mfa': {
      const { values: v, positionals: p } = parseCommandArgs(rest, { off: { type: 'boolean' } });
      return setAccountMfa(ctx, positionals(p, ['USERNAME'])[0]!, !v.off);
    }
    case 'list':
      return listUsers(ctx, listUserOptions(rest));
    default:
      throw unknownAction('users', action);
  }
}
