import { resetFactors as resetUserFactors } from '../admin/services/user-factors.js';
import { setRequireMfa } from '../admin/services/users.js';
import type { CliContext } from './cli-context.js';
import { CLI_CALLER, cliServiceContext } from './cli-service-context.js';

/** `users require-mfa U [--off]` */
export async function setAccountMfa(ctx: CliContext, username: string, required: boolean): Promise<void> {
  const r = await setRequireMfa(cliServiceContext(ctx), CLI_CALLER, username, required);
  ctx.out.log(`${r.username} ${required ? 'must' : 'no longer must'} use a second factor`);
}

/** `users reset-factors U`: removes TOTP, passkeys and recovery codes (a user who lost them all). */
export async function resetFactors(ctx: CliContext, username: string): Promise<void> {
  const r = await resetUserFactors(cliServiceContext(ctx), CLI_CALLER, username);
  ctx.out.log(`Reset the sign-in factors of ${r.username}: ${r.totp ? 'authenticator app, ' : ''}${r.passkeys} passkey(s), recovery codes`);
}
