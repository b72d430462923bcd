import { logoutSession, notifyClient, type LogoutDeps } from '../sessions/logout.js';

export interface AccessRevoked {
  sessionsEnded: number;
  grantsRevoked: number;
}

/**
 * After a password change or reset, whoever knew the old password is thrown out: every other
 * session ends (back-channel logout to every app it reached), then every remaining grant of the
 * account is revoked, `offline_access` ones included, and each app holding one is sent a logout
 * token (Back-Channel Logout 1.0 §2.4: `sub`, plus `sid` when the grant came from a session).
 * Only the grants of `keepSid`, the session that changed the password, survive.
 */
export async function revokeAccountAccess(deps: LogoutDeps, accountId: string, opts: { keepSid?: string; reason: string }): Promise<AccessRevoked> {
  const { store, clock } = deps;
  const sessions = (await store.sessions.listActiveByAccount(accountId, clock())).filter((s) => s.sid !== opts.keepSid);
  const grants = (await store.grants.listActiveByAccount(accountId, clock())).filter((g) => opts.keepSid === undefined || g.sid !== opts.keepSid);
  const told = new Set<string>();
  for (const s of sessions) {
    const result = await logoutSession(deps, s.sid, opts.reason);
    for (const n of result.notified) told.add(`${n.clientId} ${s.sid}`);
  }

  // Revoking is idempotent: grants the logouts above already revoked are left as they are.
  const now = clock();
  await store.transaction(async (tx) => {
    for (const g of grants) await tx.grants.revoke(g.id, now, opts.reason);
  });
  const pending = new Map<string, { clientId: string; sid: string | undefined }>();
  for (const g of grants) {
    const key = `${g.clientId} ${g.sid ?? ''}`;
    if (!told.has(key)) pending.set(key, { clientId: g.clientId, sid: g.sid ?? undefined });
  }
  await Promise.all([...pending.values()].map((p) => notifyClient(deps, p.clientId, accountId, p.sid)));
  return { sessionsEnded: sessions.length, grantsRevoked: grants.length };
}
