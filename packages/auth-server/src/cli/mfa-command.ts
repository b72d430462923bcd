import { resetFactors as resetUserFactors } from '../admin/services/user-factors.js';
import { setRequireMfa } from '../admin/services/users.js';
import { UsageError, type CliContext } from './cli-context.js';
import { CLI_CALLER, cliServiceContext } from './cli-service-context.js';

const audit = (ctx: CliContext, type: string, accountId: string | null, clientId: string | null, detail: Record<string, unknown>) =>
  ctx.store.audit.record({ type, accountId, clientId, ip: null, detail: { by: 'cli', ...detail } }, ctx.clock());

/** `clients create|update --require-mfa`: every sign-in for this client needs a second factor. */
export async function setClientMfa(ctx: CliContext, clientId: string, required: boolean): Promise<void> {
  if (!(await ctx.store.clients.findById(clientId))) throw new UsageError(`No client ${clientId}`);
  await ctx.store.mfaRequirements.set('client', clientId, required, ctx.clock());
  await audit(ctx, 'mfa_requirement_changed', null, clientId, { required });
  ctx.out.log(`Client ${clientId} ${required ? 'requires' : 'no longer requires'} a second factor`);
}

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
