import type { Deps } from '../deps.js';
import { epochSeconds } from '../clock.js';
import { checkOutboundAddress, outboundPolicy } from '../security/outbound-address.js';
import { buildLogoutToken } from '../tokens/logout-token.js';

export interface LogoutResult {
  /** Clients told through their back-channel logout URI, and whether each acknowledged. */
  notified: { clientId: string; ok: boolean }[];
}

/**
 * Ends one auth-server session everywhere: the session record, the grants it made that are not
 * offline (offline_access refresh tokens outlive the browser session by design), and every client
 * the session reached is sent a logout token (Back-Channel Logout 1.0 §2.5).
 */
/** What logging out needs: the store, keys to sign logout tokens, and a way to reach the clients. */
export type LogoutDeps = Pick<Deps, 'store' | 'clock' | 'config' | 'logger' | 'keys' | 'fetch'>;

export async function logoutSession(deps: LogoutDeps, sid: string, reason: string): Promise<LogoutResult> {
  const { store, clock, logger } = deps;
  const session = await store.sessions.findBySid(sid);
  if (!session) return { notified: [] };
  const now = clock();
  // The session and the grants it made end together or not at all.
  await store.transaction(async (tx) => {
    await tx.sessions.end(sid, now);
    for (const grant of await tx.grants.listActiveBySid(sid, now)) {
      if (!grant.scope.split(' ').includes('offline_access')) await tx.grants.revoke(grant.id, now, reason);
    }
  });

  const clientIds = await store.sessions.listClients(sid);
  const notified = await Promise.all(clientIds.map((clientId) => notifyClient(deps, clientId, session.accountId, sid)));
  logger.info({ sid, reason, clients: clientIds.length }, 'session ended');
  return { notified: notified.filter((n): n is { clientId: string; ok: boolean } => n !== undefined) };
}

/**
 * Sends one client a logout token for `sub` (and `sid` when known, §2.4), if it registered a
 * back-channel logout URI; undefined when it did not.
 */
export async function notifyClient(
  deps: LogoutDeps,
  clientId: string,
  sub: string,
  sid: string | undefined,
): Promise<{ clientId: string; ok: boolean } | undefined> {
  const client = await deps.store.clients.findById(clientId);
  if (!client?.backchannelLogoutUri) return undefined;
  const logoutToken = await buildLogoutToken(deps.keys, { issuer: deps.config.issuer, clientId, sub, sid, nowSec: epochSeconds(deps.clock) });
  return { clientId, ok: await deliver(deps, client.backchannelLogoutUri, logoutToken, clientId) };
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
