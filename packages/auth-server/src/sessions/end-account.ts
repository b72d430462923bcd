import type { Outbox } from '../outbox/outbox.js';
import type { Store } from '../store/types.js';
import { enqueueBackchannelLogouts, enqueueClientLogout } from './logout.js';

export interface AccountEnded {
  sessionsEnded: number;
  grantsRevoked: number;
  /** Queued back-channel logouts, for the caller to try at once after commit. */
  outboxIds: string[];
}

/**
 * Signs an account out of everything, inside the caller's transaction: every session ends, every
 * grant is revoked (offline ones too: a changed or reset password means someone else may hold
 * them), and a back-channel logout is queued for every app each session reached and every app
 * holding a grant (Back-Channel Logout 1.0 §2.4: `sub`, plus `sid` when the grant came from a
 * session). Only `keepSid`, the session that changed the password, and its grants survive.
 */
export async function endAccountEverywhere(tx: Store, outbox: Outbox, accountId: string, now: number, reason: string, keepSid?: string): Promise<AccountEnded> {
  const outboxIds: string[] = [];
  const told = new Set<string>();
  const sessions = (await tx.sessions.listActiveByAccount(accountId, now)).filter((s) => s.sid !== keepSid);
  for (const session of sessions) {
    await tx.sessions.end(session.sid, now);
    for (const q of await enqueueBackchannelLogouts(tx, outbox, accountId, session.sid)) {
      outboxIds.push(q.id);
      told.add(`${q.clientId} ${session.sid}`);
    }
  }
  const grants = (await tx.grants.listActiveByAccount(accountId, now)).filter((g) => keepSid === undefined || g.sid !== keepSid);
  for (const grant of grants) {
    await tx.grants.revoke(grant.id, now, reason);
    const key = `${grant.clientId} ${grant.sid ?? ''}`;
    if (told.has(key)) continue;
    told.add(key);
    const id = await enqueueClientLogout(tx, outbox, grant.clientId, accountId, grant.sid ?? undefined);
    if (id) outboxIds.push(id);
  }
  return { sessionsEnded: sessions.length, grantsRevoked: grants.length, outboxIds };
}
