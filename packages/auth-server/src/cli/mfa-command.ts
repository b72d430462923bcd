import { normalizeUsername } from '../accounts/create-account.js';
import { UsageError, type CliContext } from './cli-context.js';

const audit = (ctx: CliContext, type: string, accountId: string | null, clientId: string | null, detail: Record<string, unknown>) =>
  ctx.store.audit.record({ type, accountId, clientId, ip: null, detail: { by: 'cli', ...detail } }, ctx.clock());

/** `clients create|update --require-mfa`: every sign-in for this client needs a second factor. */
export async function setClientMfa(ctx: CliContext, clientId: string, required: boolean): Promise<void> {
  if (!(await ctx.store.clients.findById(clientId))) throw new UsageError(`No client ${clientId}`);
  await ctx.store.mfaRequirements.set('client', clientId, required, ctx.clock());
  await audit(ctx, 'mfa_requirement_changed', null, clientId, { required });
  ctx.out.log(`Client ${clientId} ${required ? 'requires' : 'no longer requires'} a second factor`);
}

async function accountOf(ctx: CliContext, username: string) {
  const account = await ctx.store.accounts.findByUsername(normalizeUsername(username));
  if (!account) throw new UsageError(`No user ${username}`);
  return account;
}

/** `users require-mfa U [--off]` */
export async function setAccountMfa(ctx: CliContext, username: string, required: boolean): Promise<void> {
  const account = await accountOf(ctx, username);
  await ctx.store.mfaRequirements.set('account', account.id, required, ctx.clock());
  await audit(ctx, 'mfa_requirement_changed', account.id, null, { required });
  ctx.out.log(`${account.username} ${required ? 'must' : 'no longer must'} use a second factor`);
}

/** `users reset-factors U`: removes TOTP, passkeys and recovery codes (a user who lost them all). */
export async function resetFactors(ctx: CliContext, username: string): Promise<void> {
  const account = await accountOf(ctx, username);
  const { totp, passkeys } = await ctx.store.transaction(async (tx) => {
    const removedTotp = await tx.totp.delete(account.id);
    const removedPasskeys = await tx.passkeys.deleteAll(account.id);
    await tx.recoveryCodes.deleteAll(account.id);
    return { totp: removedTotp, passkeys: removedPasskeys };
  });
  await audit(ctx, 'factors_reset', account.id, null, { totp, passkeys });
  ctx.out.log(`Reset the sign-in factors of ${account.username}: ${totp ? 'authenticator app, ' : ''}${passkeys} passkey(s), recovery codes`);
}
