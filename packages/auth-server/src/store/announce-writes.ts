import type { Change } from './change-feed.js';
import type { Store } from './types.js';

type Announce = (change: Change) => Promise<void>;

/** Client writes, each announced once it is done: every instance drops its cached copy (cached-clients.ts). */
export function announceClientWrites(clients: Store['clients'], announce: Announce): Store['clients'] {
  const changed = async <T>(id: string, write: Promise<T>): Promise<T> => {
    const result = await write;
    await announce({ kind: 'client', id });
    return result;
  };
  return {
    ...clients,
    create: (c, at) => changed(c.clientId, clients.create(c, at)),
    update: (clientId, patch, at) => changed(clientId, clients.update(clientId, patch, at)),
    delete: (clientId) => changed(clientId, clients.delete(clientId)),
  };
}

/** API registry writes, announced like client writes (cached-apis.ts). */
export function announceApiWrites(apis: Store['apis'], announce: Announce): Store['apis'] {
  const changed = async <T>(write: Promise<T>): Promise<T> => {
    const result = await write;
    await announce({ kind: 'apis' });
    return result;
  };
  return {
    ...apis,
    create: (a, at) => changed(apis.create(a, at)),
    update: (identifier, patch, at) => changed(apis.update(identifier, patch, at)),
    delete: (identifier) => changed(apis.delete(identifier)),
  };
}

/**
 * Signing key writes: every instance re-reads its keys (keys/db-key-store.ts), so a rotation, and
 * above all `keys rotate --now` for a compromised key, applies everywhere at once rather than when
 * each instance's key cache expires. The routine clean-up announces only when it removed something.
 */
export function announceKeyWrites(keys: Store['keys'], announce: Announce): Store['keys'] {
  return {
    ...keys,
    async insert(k) {
      await keys.insert(k);
      await announce({ kind: 'keys' });
    },
    async retire(...args) {
      await keys.retire(...args);
      await announce({ kind: 'keys' });
    },
    async deleteExpired(now) {
      const n = await keys.deleteExpired(now);
      if (n > 0) await announce({ kind: 'keys' });
      return n;
    },
  };
}
