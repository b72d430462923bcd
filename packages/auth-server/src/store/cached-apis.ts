import type { Store } from './types.js';
import type { Api } from '../apis/api.js';

/**
 * `apis.list` answered from a short per-instance cache. Every token request resolves its audience
 * from the registered APIs (RFC 8707), and registrations change rarely. Like the client cache
 * (cached-clients.ts): a change made through this store is seen at once, one made by another
 * instance or the admin CLI within `ttlMs`. The cached list is frozen, since callers share it.
 */
export function cachedApis(apis: Store['apis'], ttlMs: number, now: () => number = () => performance.now()): Store['apis'] {
  let cached: { list: Api[]; until: number } | undefined;
  // A write bumps the generation, so a list read while it ran is not kept.
  let generation = 0;
  const changing = async <T>(write: () => Promise<T>): Promise<T> => {
    generation++;
    cached = undefined;
    try {
      return await write();
    } finally {
      generation++;
      cached = undefined;
    }
  };
  return {
    ...apis,
    async list() {
      if (cached && cached.until > now()) return cached.list;
      const before = generation;
      const list = Object.freeze(await apis.list()) as Api[];
      if (before === generation) cached = { list, until: now() + ttlMs };
      return list;
    },
    create: (a, at) => changing(() => apis.create(a, at)),
    update: (identifier, patch, at) => changing(() => apis.update(identifier, patch, at)),
    delete: (identifier) => changing(() => apis.delete(identifier)),
  };
}
