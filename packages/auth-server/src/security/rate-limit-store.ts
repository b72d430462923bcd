import type { ClientRateLimitInfo, IncrementResponse, Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { createClient } from 'redis';
import type { Logger } from '../logger.js';

const CONNECT_TIMEOUT_MS = 3_000;

/**
 * rate-limit-redis loads its Lua script once, at start. If Redis was down then, the failed load
 * would stay cached and the limiter would never recover; after any failure, load it afresh.
 */
class RecoveringRedisStore extends RedisStore {
  private stale = false;

  override async increment(key: string): Promise<IncrementResponse> {
    if (this.stale) {
      this.stale = false;
      this.incrementScriptSha = this.loadIncrementScript();
    }
    try {
      return await super.increment(key);
    } catch (err) {
      this.stale = true;
      throw err;
    }
  }

  private staleGet = false;

  override async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    if (this.staleGet) {
      this.staleGet = false;
      this.getScriptSha = this.loadGetScript();
    }
    try {
      return await super.get(key);
    } catch (err) {
      this.staleGet = true;
      throw err;
    }
  }
}

/**
 * Rate-limit counters in Redis, shared by every auth-server instance. Never throws on an outage:
 * commands fail fast while the client is offline (no offline queue) and the limiter lets requests
 * through (see rate-limit.ts); the client keeps reconnecting with capped backoff.
 */
export interface RateLimitRedis {
  storeFor: (prefix: string) => Store;
  /** Resolves once the client is connected (at once if it already is). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export async function connectRateLimitStore(url: string, logger: Logger): Promise<RateLimitRedis> {
  const log = logger.child({ component: 'rate-limit-redis' });
  let healthy = true;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000) },
  });
  // Without a listener an 'error' event would crash the process.
  client.on('error', (err: Error) => {
    if (healthy) log.warn({ err: err.message }, 'Redis unavailable: login rate limits pass requests until it returns');
    healthy = false;
  });
  client.on('ready', () => {
    if (!healthy) log.info('Redis reconnected: shared rate limits restored');
    healthy = true;
  });

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), CONNECT_TIMEOUT_MS);
  });
  const connected = client.connect().then(
    () => 'ok' as const,
    () => 'failed' as const,
  );
  const outcome = await Promise.race([connected, timeout]);
  clearTimeout(timer);
  if (outcome !== 'ok') log.warn({ outcome }, 'Redis not reachable at start; retrying in the background');

  const sendCommand = async (...args: string[]): Promise<RedisReply> => await client.sendCommand<RedisReply>(args);
  return {
    storeFor: (prefix) => new RecoveringRedisStore({ sendCommand, prefix: `rl:${prefix}:` }),
    ready: () => (client.isReady ? Promise.resolve() : new Promise((resolve) => client.once('ready', () => resolve()))),
    async close() {
      if (client.isReady) await client.close().catch(() => client.destroy());
      else if (client.isOpen) client.destroy();
    },
  };
}
