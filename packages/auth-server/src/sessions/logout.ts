import type { Deps } from '../deps.js';
import { createAppOutbox } from '../outbox/handlers.js';
import type { Outbox } from '../outbox/outbox.js';
import { checkOutboundAddress, outboundPolicy } from '../security/outbound-address.js';
import type { Store } from '../store/types.js';

export interface LogoutResult {
  /** Clients told through their back-channel logout URI, and whether each acknowledged. */
  notified: { clientId: string; ok: boolean }[];
}

/** What logging out needs: the store, keys to sign logout tokens, and a way to reach the clients. */
export type LogoutDeps = Pick<Deps, 'store' | 'clock' | 'config' | 'logger' | 'keys' | 'fetch'> & Partial<Pick<Deps, 'mailer'>>;

/**
 * Ends one auth-server session everywhere: the session record, the grants it made that are not
 * offline (offline_access refresh tokens outlive the browser session by design), and every client
 * the session reached is sent a logout token (Back-Channel Logout 1.0 §2.5).
 *
 * The deliveries are outbox items written in the same transaction as the session's end, tried once
 * at once; an app that is down gets them again with back-off (outbox/outbox.ts).
 */
export async function logoutSession(deps: LogoutDeps, sid: string, reason: string): Promise<LogoutResult> {
  const { store, clock, logger } = deps;
  const outbox = createAppOutbox(deps);
  const queued = await store.transaction(async (tx) => {
    const session = await tx.sessions.findBySid(sid);
    if (!session) return [];
    const now = clock();
    await tx.sessions.end(sid, now);
    for (const grant of await tx.grants.listActiveBySid(sid, now)) {
      if (!grant.scope.split(' ').includes('offline_access')) await tx.grants.revoke(grant.id, now, reason);
    }
    return enqueueBackchannelLogouts(tx, outbox, session.accountId, sid);
  });
  const results = await outbox.deliver(queued.map((q) => q.id));
  logger.info({ sid, reason, clients: queued.length }, 'session ended');
  return { notified: queued.map((q) => ({ clientId: q.clientId, ok: results.get(q.id) ?? false })) };
}

/** Writes one back-channel logout item per client of the session that has a logout URI. */
export async function enqueueBackchannelLogouts(tx: Store, outbox: Outbox, sub: string, sid: string): Promise<{ id: string; clientId: string }[]> {
  const queued: { id: string; clientId: string }[] = [];
  for (const clientId of await tx.sessions.listClients(sid)) {
    const id = await enqueueClientLogout(tx, outbox, clientId, sub, sid);
    if (id) queued.push({ id, clientId });
  }
  return queued;
}

/**
 * Queues a logout token for one client if it registered a back-channel logout URI: `sub`, plus `sid`
 * when the logout concerns one session (§2.4). Returns the outbox id, or undefined.
 */
export async function enqueueClientLogout(tx: Store, outbox: Outbox, clientId: string, sub: string, sid: string | undefined): Promise<string | undefined> {
  const client = await tx.clients.findById(clientId);
  if (!client?.backchannelLogoutUri) return undefined;
  return outbox.enqueue(tx, 'backchannel_logout', sid === undefined ? { clientId, sub } : { clientId, sub, sid });
}

/** §2.5: POST application/x-www-form-urlencoded `logout_token`; 200 or 204 means done. */
async function deliver(deps: LogoutDeps, uri: string, logoutToken: string, clientId: string): Promise<boolean> {
  try {
    // Checked at send time, on the resolved address: a name may point inside our network later.
    await checkOutboundAddress(uri, outboundPolicy(deps.config));
    const res = await deps.fetch(uri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ logout_token: logoutToken }).toString(),
      redirect: 'manual',
      signal: AbortSignal.timeout(5000),
    });
    await res.body?.cancel();
    if (!res.ok) deps.logger.warn({ clientId, status: res.status }, 'back-channel logout refused by client');
    return res.ok;
  } catch (err) {
    deps.logger.warn({ clientId, err: (err as Error).message }, 'back-channel logout delivery failed');
    return false;
  }
}

export { deliver };
