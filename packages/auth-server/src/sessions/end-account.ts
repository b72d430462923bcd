import type { Outbox } from '../outbox/outbox.js';
import type { Store } from '../store/types.js';
import { enqueueBackchannelLogouts } from './logout.js';

/**
 * Signs an account out of everything, inside the caller's transaction: every session ends, every
 * grant is revoked (offline ones too: a reset password means someone else may hold them), and a
 * back-channel logout is queued for every app each session reached. Returns the queued outbox ids,
 * for the caller to try at once after commit.
 */
export async function endAccountEverywhere(tx: Store, outbox: Outbox, accountId: string, now: number, reason: string): Promise<string[]> {
  const ids: string[] = [];
  for (const session of await tx.sessions.listActiveByAccount(accountId, now)) {
    await tx.sessions.end(session.sid, now);
    ids.push(...(await enqueueBackchannelLogouts(tx, outbox, accountId, session.sid)).map((q) => q.id));
  }
  for (const grant of await tx.grants.listActiveByAccount(accountId, now)) await tx.grants.revoke(grant.id, now, reason);
  return ids;
}
