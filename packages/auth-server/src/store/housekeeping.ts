import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import type { PurgeResult, Store } from './types.js';

const PURGE_EVERY_MS = 10 * 60_000;
const DAY_MS = 24 * 3600_000;

/** One purge pass with this configuration: expired rows, and audit events past their retention. */
export function purgeOnce(deps: { store: Store; clock: Clock; config: Pick<Config, 'auditRetentionDays'> }): Promise<PurgeResult> {
  const now = deps.clock();
  const days = deps.config.auditRetentionDays;
  return deps.store.purgeExpired(now, { auditBefore: days > 0 ? now - days * DAY_MS : undefined });
}

/**
 * Runs a purge pass every ten minutes on every instance (passes on two instances only delete
 * different batches of the same rows). One pass at a time; a failed pass is logged and retried next time.
 */
export function startHousekeeping(deps: { store: Store; clock: Clock; config: Pick<Config, 'auditRetentionDays'>; logger: Logger }): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const started = performance.now();
    purgeOnce(deps)
      .then((r) => {
        if (r.total > 0) {
          const ms = Math.round(performance.now() - started);
          deps.logger.info({ deleted: r.deleted, ms, slowestBatchMs: r.slowestBatchMs, checkpointMs: r.checkpointMs, vacuumed: r.vacuumed }, 'purged expired rows');
        }
      })
      .catch((err: unknown) => deps.logger.warn({ err }, 'purge of expired rows failed'))
      .finally(() => (running = false));
  }, PURGE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
