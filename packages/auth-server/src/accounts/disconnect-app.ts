import { createAppOutbox } from '../outbox/handlers.js';
import { enqueueClientLogout, type LogoutDeps } from '../sessions/logout.js';

/**
 * Takes an app's access away from an account, from the account page or an operator: every live
 * grant of the client is revoked (its refresh tokens with it, offline ones too), the remembered
 * consent is deleted so the app must ask again, and the app is sent a logout token for the user
 * (Back-Channel Logout 1.0 §2.4, `sub` without `sid`: every session of the user at that app).
 * Returns undefined when the account had nothing with that client.
 */
export async function disconnectApp(deps: LogoutDeps, accountId: string, clientId: string, reason: string): Promise<{ grantsRevoked: number } | undefined> {
  const outbox = createAppOutbox(deps);
  const now = deps.clock();
  const done = await deps.store.transaction(async (tx) => {
    const grants = (await tx.grants.listActiveByAccount(accountId, now)).filter((g) => g.clientId === clientId);
    const consent = await tx.consents.find(accountId, clientId);
    if (grants.length === 0 && !consent) return undefined;
    for (const g of grants) await tx.grants.revoke(g.id, now, reason);
    await tx.consents.delete(accountId, clientId);
    const queued = await enqueueClientLogout(tx, outbox, clientId, accountId, undefined);
    return { grantsRevoked: grants.length, queued };
  });
  if (!done) return undefined;
  if (done.queued) await outbox.deliver([done.queued]);
  return { grantsRevoked: done.grantsRevoked };
}
