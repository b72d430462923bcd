import type { Store as RateLimitStore } from 'express-rate-limit';
import type { Clock } from './clock.js';
import type { Config } from './config/config.js';
import type { KeyStore } from './keys/key-store.js';
import type { Logger } from './logger.js';
import type { Mailer } from './mail/mailer.js';
import type { Metrics } from './observability/metrics.js';
import type { Outbox } from './outbox/outbox.js';
import type { Store } from './store/types.js';

/** Everything the app needs from outside, passed in so tests can swap the clock or the store. */
export interface Deps {
  config: Config;
  store: Store;
  keys: KeyStore;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** Outbound HTTP (back-channel logout). Resolves `*.localhost` to loopback by default. */
  fetch: typeof fetch;
  /** Builds a shared rate-limit counter store (Redis) for a prefix; absent means in-memory. */
  rateLimitStore?: ((prefix: string) => RateLimitStore) | undefined;
  /** SMTP (SMTP_URL); absent means mails wait in the outbox. */
  mailer?: Mailer | undefined;
  /** The running instance's outbox poller; when present, requests that write mail wake it at once. */
  outbox?: Outbox | undefined;
}
