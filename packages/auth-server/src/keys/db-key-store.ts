import type { JWK } from 'jose';
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { Store } from '../store/types.js';
import type { SigningKey } from './signing-key.js';
import { createKeySealer } from './key-encryption.js';
import type { ActiveKey, KeyStore } from './key-store.js';
import { generateSigningKey, keyImporter, publicJwkOf, SIGNING_ALG } from './key-material.js';
import { hintKeyLifetimeMs, KEY_CACHE_TTL_MS, orphanedKeys, pickSigner, publishedKeys, replanOnRotation, retiredKeyLifetimeMs, rotationStart, verifiesHints } from './key-schedule.js';

export interface KeyStoreDeps {
  store: Store;
  clock: Clock;
  config: Pick<Config, 'keyPublishAhead' | 'ttl' | 'keyEncryptionSecret'>;
}

/**
 * Signing keys kept in the shared store, cached per instance for KEY_CACHE_TTL_MS and dropped when a
 * key change is announced (store/change-feed.ts: at once on every PostgreSQL instance). Every
 * instance derives the signer from the same rows (key-schedule.ts), so they agree without coordination.
 */
export function createKeyStore({ store, clock, config }: KeyStoreDeps): KeyStore {
  const sealer = createKeySealer(config.keyEncryptionSecret);
  const imported = keyImporter(sealer);
  const lifetimeMs = retiredKeyLifetimeMs(config);
  const hintLifetimeMs = hintKeyLifetimeMs(config);
  let cache: { keys: SigningKey[]; loadedAt: number } | undefined;
  let loading: Promise<SigningKey[]> | undefined;
  let creating: Promise<SigningKey> | undefined;
  let lastSet: { kids: string; set: { keys: JWK[] } } | undefined;
  // A change bumps the generation: a list read while it was made is used once, not kept.
  let generation = 0;
  store.changes.subscribe((change) => {
    if (change.kind !== 'keys' && change.kind !== 'all') return;
    generation++;
    cache = undefined;
  });

  async function reload(): Promise<SigningKey[]> {
    const now = clock();
    const before = generation;
    // Opportunistic clean-up: a key past expiresAt signed nothing that is still valid; only its
    // public half stays, for id_token_hints, until verifyUntil.
    await store.keys.deleteExpired(now);
    let keys = await store.keys.list();
    const signer = pickSigner(keys, now);
    const orphans = signer ? orphanedKeys(keys, signer) : [];
    for (const k of orphans) await store.keys.retire(k.kid, now, now + lifetimeMs, now + hintLifetimeMs);
    if (orphans.length > 0) keys = await store.keys.list();
    imported.retain(new Set(keys.map((k) => k.kid)));
    cache = before === generation ? { keys, loadedAt: now } : undefined;
    return keys;
  }

  /** One store read at a time, however many requests find the cache stale together. */
  const reloadShared = (): Promise<SigningKey[]> => (loading ??= reload().finally(() => (loading = undefined)));
  const cacheAge = (): number => (cache ? clock() - cache.loadedAt : Infinity);
  const load = (): Promise<SigningKey[]> => (cacheAge() < KEY_CACHE_TTL_MS ? Promise.resolve(cache!.keys) : reloadShared());

  /**
   * First key of an empty store. Two instances racing here both insert; both keys are published and
   * the schedule picks the same signer everywhere, retiring the other (orphanedKeys).
   */
  async function createFirst(): Promise<SigningKey> {
    const existing = pickSigner(await reload(), clock());
    if (existing) return existing;
    const now = clock();
    await store.keys.insert(await generateSigningKey(now, now, sealer));
    const signer = pickSigner(await reload(), clock());
    if (!signer) throw new Error('no signing key after creating one');
    return signer;
  }

  async function signer(): Promise<SigningKey> {
    const found = pickSigner(await load(), clock());
    if (found) return found;
    return (creating ??= createFirst().finally(() => (creating = undefined)));
  }

  return {
    async current(): Promise<ActiveKey> {
      const key = await signer();
      return { kid: key.kid, alg: SIGNING_ALG, privateKey: await imported.privateKey(key) };
    },
    async jwks() {
      await signer(); // never an empty set: a verifier would cache it and reject our first token
      const published = publishedKeys(await load(), clock());
      // The same set object while the same keys are published, so a caller may keep its serialisation.
      const kids = published.map((k) => k.kid).join(' ');
      if (lastSet?.kids !== kids) lastSet = { kids, set: Object.freeze({ keys: Object.freeze(published.map(publicJwkOf)) as JWK[] }) };
      return lastSet.set;
    },
    async publicKey(kid) {
      const find = (keys: SigningKey[]) => publishedKeys(keys, clock()).find((k) => k.kid === kid);
      // Another instance may have rotated since our cache was filled; unknown kids re-read at most once a second.
      const key = find(await load()) ?? (cacheAge() >= 1000 ? find(await reloadShared()) : undefined);
      return key && imported.publicKey(key);
    },
    async hintKey(kid) {
      const find = (keys: SigningKey[]) => keys.find((k) => k.kid === kid && verifiesHints(k, clock()));
      const key = find(await load()) ?? (cacheAge() >= 1000 ? find(await reloadShared()) : undefined);
      return key && imported.publicKey(key);
    },
    async rotate(opts = {}) {
      const current = await signer(); // an empty store gets a current key first, never only an upcoming one
      const now = clock();
      const immediate = opts.immediate === true;
      const next = await generateSigningKey(now, rotationStart(current, now, immediate ? 0 : config.keyPublishAhead * 1000), sealer);
      await store.keys.insert(next);
      const keys = await store.keys.list();
      for (const k of keys) {
        const plan = replanOnRotation(keys, k, next, now, immediate);
        const at = plan === 'drop' ? now : next.activeFrom;
        if (plan !== 'keep') await store.keys.retire(k.kid, at, at + lifetimeMs, at + hintLifetimeMs, now);
      }
      await reload();
      return next;
    },
    async list() {
      return reload();
    },
    refresh() {
      cache = undefined;
    },
  };
}
