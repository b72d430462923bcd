import type { Store } from './types.js';
import type { Client } from '../clients/client.js';

/**
 * How long an instance trusts a client it read: every token request looks its client up, and
 * registrations change rarely. A change made through this store is seen at once; one made by
 * another instance or the admin CLI (another process) within this long, since nothing is shared
 * between instances but the store.
 */
export const CLIENT_CACHE_MS = 1_000;
const MAX_ENTRIES = 10_000;

/**
 * `clients.findById` answered from a short per-instance cache. Unknown ids are not cached, so
 * random ids cannot fill it; writes through this store drop the entry they change.
 */
export function cachedClients(clients: Store['clients'], ttlMs = CLIENT_CACHE_MS, now: () => number = () => performance.now()): Store['clients'] {
  const cache = new Map<string, { client: Client; until: number }>();
  return {
    ...clients,
    async findById(clientId) {
      const hit = cache.get(clientId);
      if (hit && hit.until > now()) return hit.client;
      const client = await clients.findById(clientId);
      if (!client) cache.delete(clientId);
      else {
        if (cache.size >= MAX_ENTRIES) cache.clear();
        cache.set(clientId, { client, until: now() + ttlMs });
      }
      return client;
    },
    async create(c, at) {
      cache.delete(c.clientId);
      return clients.create(c, at);
    },
    async update(clientId, patch, at) {
      cache.delete(clientId);
      try {
        return await clients.update(clientId, patch, at);
      } finally {
        cache.delete(clientId);
      }
    },
    async delete(clientId) {
      cache.delete(clientId);
      try {
        return await clients.delete(clientId);
      } finally {
        cache.delete(clientId);
      }
    },
  };
}
