import type { Response } from 'express';
import { ipKeyGenerator, MemoryStore, type Options, type Store } from 'express-rate-limit';
import { TooManyRequests } from '@sso/shared';
import type { Deps } from '../deps.js';

const WINDOW_MS = 60_000;

/**
 * Failed client authentications per client and address (RFC 6749 §2.3.1 asks the server to guard
 * against brute force of client credentials). Only failures count: a busy backend behind one address
 * may call /token as often as it likes, while guessing one client's secret from one address stops
 * after `perMinute` wrong answers.
 *
 * A success does not write; a failure adds one to a one-minute window in the rate-limit store (Redis
 * when configured, so every instance counts together). Store errors let requests through, as the
 * other limits do.
 */
export interface ClientAuthLimit {
  /** Refuses with 429 and Retry-After while this client id has failed too often from this address. */
  check(clientId: string, ip: string | undefined, res: Response): Promise<void>;
  recordFailure(clientId: string, ip: string | undefined): Promise<void>;
}

export function createClientAuthLimit(deps: Pick<Deps, 'logger' | 'rateLimitStore'>, perMinute: number): ClientAuthLimit {
  const store: Store = deps.rateLimitStore?.('client-auth') ?? new MemoryStore();
  const log = deps.logger.child({ rateLimit: 'client-auth' });
  // A Redis store loads its scripts here; if Redis is down it recovers on a later call (rate-limit-store.ts).
  Promise.resolve(store.init?.({ windowMs: WINDOW_MS } as Options)).catch((err: unknown) => log.warn({ err }, 'rate-limit store not ready'));
  // IPv6 addresses grouped by /56, as the per-IP limits do, so one host cannot rotate through its prefix.
  const keyOf = (clientId: string, ip: string | undefined) => `${ipKeyGenerator(ip ?? '')}|${clientId}`;

  return {
    async check(clientId, ip, res) {
      let hits: Awaited<ReturnType<NonNullable<Store['get']>>>;
      try {
        hits = await store.get?.(keyOf(clientId, ip));
      } catch (err) {
        log.warn({ err }, 'rate-limit store error');
        return;
      }
      // rate-limit-redis reads a missing key as NaN hits: only a real count at the limit refuses.
      if (!hits || !(hits.totalHits >= perMinute)) return;
      const seconds = hits.resetTime ? Math.max(1, Math.ceil((hits.resetTime.getTime() - Date.now()) / 1000)) : 60;
      res.set('Retry-After', String(seconds));
      log.warn({ clientId, ip }, 'client authentication failures over the limit');
      throw new TooManyRequests('Too many failed client authentications. Wait a minute and try again.');
    },
    async recordFailure(clientId, ip) {
      try {
        await store.increment(keyOf(clientId, ip));
      } catch (err) {
        log.warn({ err }, 'rate-limit store error');
      }
    },
  };
}
