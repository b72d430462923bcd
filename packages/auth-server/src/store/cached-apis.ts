import type { ChangeFeed } from './change-feed.js';
import type { Store } from './types.js';
import type { Api } from '../apis/api.js';

/**
 * `apis.list` answered from a short per-instance cache. Every token request resolves its audience
 * from the registered APIs (RFC 8707), and registrations change rarely. Like the client cache
 * (cached-clients.ts): dropped on every announced change, `ttlMs` bounds an unheard one. The
 * cached list is frozen, since callers share it.
 */
export function cachedApis(apis: Store['apis'], changes: Pick<ChangeFeed, 'subscribe'>, ttlMs: number, now: () => number = () => performance.now()): Store['apis'] {
  let cached: { list: Api[]; until: number } | undefined;
  // A change bumps the generation, so a list read while it was made is not kept.
  let generation = 0;
  changes.subscribe((change) => {
    if (change.kind !== 'apis' && change.kind !== 'all') return;
    generation++;
    cached = undefined;
  });
  return {
    ...apis,
    async list() {
      if (cached && cached.until > now()) return cached.list;
      const before = generation;
      const list = Object.freeze(await apis.list()) as Api[];
      if (before === generation) cached = { list, until: now() + ttlMs };
      return list;
    },
  };
}
