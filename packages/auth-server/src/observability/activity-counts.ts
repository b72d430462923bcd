import type { Deps } from '../deps.js';

export const HOUR_MS = 3600_000;
export const TOKENS_ISSUED = 'tokens_issued';
/** How often each instance adds its new counts to the shared table. */
export const ACTIVITY_FLUSH_MS = 15_000;

export interface ActivityFlusher {
  /** Adds what the counters gained since the last flush to the current hour's row. */
  flush(): Promise<void>;
}

/**
 * Token responses are too frequent to audit one by one (the token endpoint is the hot path, issue
 * 14). The token endpoint already counts them in memory (`metrics.tokensIssued`); this reads the
 * counter's growth now and then and adds it to `activity_counts` (count = count + excluded.count),
 * so N instances add up. The growth is booked to the hour of the flush: at most one flush interval
 * lands in the next hour.
 */
export function activityFlusher(deps: Pick<Deps, 'store' | 'clock' | 'metrics' | 'logger'>): ActivityFlusher {
  let flushed = 0;
  let running: Promise<void> = Promise.resolve();
  const once = async () => {
    const total = (await deps.metrics.tokensIssued.get()).values.reduce((sum, v) => sum + v.value, 0);
    const delta = total - flushed;
    if (delta <= 0) return;
    const hourStart = Math.floor(deps.clock() / HOUR_MS) * HOUR_MS;
    try {
      await deps.store.stats.addActivity([{ hourStart, kind: TOKENS_ISSUED, count: delta }]);
      flushed = total;
    } catch (err) {
      // Kept for the next flush: the counts are not lost, only late.
      deps.logger.warn({ err }, 'activity counts not flushed');
    }
  };
  return {
    flush() {
      running = running.then(once);
      return running;
    },
  };
}

/** Flushes every `everyMs`; the returned stop() flushes once more (at shutdown). */
export function startActivityFlush(flusher: ActivityFlusher, everyMs = ACTIVITY_FLUSH_MS): () => Promise<void> {
  const timer = setInterval(() => void flusher.flush(), everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    return flusher.flush();
  };
}
