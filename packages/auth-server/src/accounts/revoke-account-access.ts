import { createAppOutbox } from '../outbox/handlers.js';
import { endAccountEverywhere } from '../sessions/end-account.js';
import type { LogoutDeps } from '../sessions/logout.js';

export interface AccessRevoked {
  sessionsEnded: number;
  grantsRevoked: number;
}

/**
 * After a password change or reset, whoever knew the old password is thrown out: in one
 * transaction every other session ends and every remaining grant of the account is revoked,
 * `offline_access` ones included, with a back-channel logout queued for each app concerned
 * (sessions/end-account.ts); the logouts are then tried at once. Only the grants of `keepSid`, the
 * session that changed the password, survive.
 */
export async function revokeAccountAccess(deps: LogoutDeps, accountId: string, opts: { keepSid?: string; reason: string }): Promise<AccessRevoked> {
  const outbox = createAppOutbox(deps);
  const ended = await deps.store.transaction((tx) => endAccountEverywhere(tx, outbox, accountId, deps.clock(), opts.reason, opts.keepSid));
  await outbox.deliver(ended.outboxIds);
  return { sessionsEnded: ended.sessionsEnded, grantsRevoked: ended.grantsRevoked };
}
