import type { ChangeFeed } from './change-feed.js';
import type { Store } from './types.js';
import type { Client } from '../clients/client.js';

/**
 * How long an instance trusts a client it read when no change is announced: every token request
 * looks its client up, and registrations change rarely. A change made through the store is
 * announced (change-feed.ts) and dropped from every instance's cache at once on PostgreSQL; this
 * lifetime bounds what an unheard change costs (the admin CLI writing to a SQLite file from its own
 * process, a PostgreSQL instance whose feed connection is down).
 */
export const CLIENT_CACHE_MS = 1_000;
const MAX_ENTRIES = 10_000;

/**
 * `clients.findById` answered from a short per-instance cache, dropped on every announced change.
 * Unknown ids are not cached, so random ids cannot fill it.
 */
export function cachedClients(
  clients: Store['clients'],
  changes: Pick<ChangeFeed, 'subscribe'>,
  ttlMs = CLIENT_CACHE_MS,
  now: () => number = () => performance.now(),
): Store['clients'] {
  const cache = new Map<string, { client: Client; until: number }>();
  // A change bumps the generation, so a read that was in flight while it was made is not kept.
  let generation = 0;
  changes.subscribe((change) => {
    if (change.kind === 'client') cache.delete(change.id);
    else if (change.kind === 'all') cache.clear();
    else return;
    generation++;
  });
  return {
    ...clients,
    async findById(clientId) {
      const hit = cache.get(clientId);
      if (hit && hit.until > now()) return hit.client;
      const before = generation;
      const client = await clients.findById(clientId);
      if (!client) cache.delete(clientId);
      else if (before === generation) {
        if (cache.size >= MAX_ENTRIES) cache.clear();
        cache.set(clientId, { client, until: now() + ttlMs });
      }
      return client;
    },
  };
}
