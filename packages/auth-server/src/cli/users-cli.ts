import { parseCommandArgs, positionals, required } from './args.js';
import { UsageError, unknownAction, type CliContext, type CliIo } from './cli-context.js';
import { resetFactors, setAccountMfa } from './mfa-command.js';
import { listOptions } from './paging.js';
import { createUser, grantRole, listUsers, resetPassword, revokeRole, unlockUser } from './users-command.js';

export const USERS_USAGE = `users create --username U [--email E] [--name N] [--role R...] [--password-stdin]
  users list [--after USERNAME] [--limit N] | reset-password U [--password-stdin] | grant-role U ROLE | revoke-role U ROLE | unlock U
  users require-mfa U [--off] | reset-factors U`;

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
      const opts = { ...stdin, username: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', multiple: true } } as const;
      const { values: v, positionals: p } = parseCommandArgs(rest, opts);
      positionals(p, []);
      const username = required(v.username, 'username');
      const password = await io.readPassword(v['password-stdin'] ?? false);
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
      return unlockUser(ctx, positionals(parseCommandArgs(rest, {}).positionals, ['USERNAME'])[0]!);
    case 'require-mfa': {
      const { values: v, positionals: p } = parseCommandArgs(rest, { off: { type: 'boolean' } });
      return setAccountMfa(ctx, positionals(p, ['USERNAME'])[0]!, !v.off);
    }
    case 'reset-factors':
      return resetFactors(ctx, positionals(parseCommandArgs(rest, {}).positionals, ['USERNAME'])[0]!);
    case 'list':
      return listUsers(ctx, listOptions(rest));
    default:
      throw unknownAction('users', action);
  }
}
