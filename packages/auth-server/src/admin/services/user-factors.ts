import type { Caller, ServiceContext } from '../service-context.js';
import { findUser } from './find-user.js';
import { recordAdminEvent } from './admin-event.js';

/** Removes TOTP, passkeys and recovery codes, for a user who lost them all. */
export async function resetFactors(svc: ServiceContext, caller: Caller, ref: string): Promise<{ username: string; totp: boolean; passkeys: number }> {
  const account = await findUser(svc, ref);
  const { totp, passkeys } = await svc.store.transaction(async (tx) => {
    const removedTotp = await tx.totp.delete(account.id);
    const removedPasskeys = await tx.passkeys.deleteAll(account.id);
    await tx.recoveryCodes.deleteAll(account.id);
    return { totp: removedTotp, passkeys: removedPasskeys };
  });
  await recordAdminEvent(svc, caller, 'factors_reset', { accountId: account.id }, { totp, passkeys });
  return { username: account.username, totp, passkeys };
}
