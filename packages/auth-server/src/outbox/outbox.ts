import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import type { OutboxItem } from './outbox-item.js';

/** Raised by a handler when trying again cannot help (the client was deleted, ...): fail at once. */
export class PermanentFailure extends Error {}

export interface OutboxHandler {
  /** Does the side effect; throws to be retried later. */
  handle(item: OutboxItem): Promise<void>;
  /** Attempts before the item is marked failed. */
  maxAttempts: number;
}

export interface TickResult {
  sent: number;
  retrying: number;
  failed: number;
}

/** First retry after 30 s, doubling up to an hour between attempts. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_MAX_MS = 3_600_000;
/** A claim lapses after this long, so an instance that died mid-send does not strand its items. */
const LEASE_MS = 120_000;
const BATCH = 20;

export const backoffDelay = (attempts: number): number => Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);

/**
 * The transactional outbox (ARCHITECTURE.md "Side effects go through an outbox"): a side effect is
 * a row written in the same transaction as its cause, so it happens if and only if the cause
 * committed. Any instance may deliver it: `claim` is atomic, so one instance sends each item; a
 * failure is retried with exponential back-off until `maxAttempts`, then kept as `failed`.
 * Delivery is at-least-once: an instance dying between sending and recording leaves a lapsed lease
 * that another instance retries.
 */
export function createOutbox(deps: { store: Store; clock: Clock; logger: Logger; handlers: Record<string, OutboxHandler> }) {
  const { store, clock, logger, handlers } = deps;
  const owner = randomUUID();

  async function run(item: OutboxItem): Promise<keyof TickResult> {
    const handler = handlers[item.kind];
    try {
      if (!handler) throw new PermanentFailure(`no handler for ${item.kind}`);
      await handler.handle(item);
      await store.outbox.finish(item.id, owner, { status: 'sent', error: null }, clock());
      return 'sent';
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const giveUp = err instanceof PermanentFailure || item.attempts >= (handler?.maxAttempts ?? 1);
      const now = clock();
      await store.outbox.finish(
        item.id,
        owner,
        giveUp ? { status: 'failed', error: message } : { status: 'pending', error: message, nextAttemptAt: now + backoffDelay(item.attempts) },
        now,
      );
      logger.warn({ outboxId: item.id, kind: item.kind, attempt: item.attempts, err: message, giveUp }, 'outbox delivery failed');
      return giveUp ? 'failed' : 'retrying';
    }
  }

  async function claimAndRun(id: string): Promise<keyof TickResult | undefined> {
    const now = clock();
    const item = await store.outbox.claim(id, owner, now, now + LEASE_MS);
    return item ? run(item) : undefined;
  }

  let running: Promise<TickResult> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function tickOnce(): Promise<TickResult> {
    const result: TickResult = { sent: 0, retrying: 0, failed: 0 };
    // One at a time: a handler's read-then-write (the per-account reset limit) sees its predecessor's write.
    for (const id of await store.outbox.listDue(clock(), BATCH)) {
      const outcome = await claimAndRun(id);
      if (outcome) result[outcome] += 1;
    }
    return result;
  }

  const outbox = {
    owner,
    /** Writes an item; pass the transaction's store so it commits with its cause. */
    async enqueue(tx: Store, kind: string, payload: Record<string, unknown>): Promise<string> {
      const id = randomUUID();
      await tx.outbox.add({ id, kind, payload }, clock());
      return id;
    },
    /** Delivers what is due now, one batch. Tests drive it by hand with their clock. */
    tick(): Promise<TickResult> {
      running ??= tickOnce().finally(() => {
        running = undefined;
        if (again) {
          again = false;
          outbox.kick();
        }
      });
      return running;
    },
    /** Attempts these items at once (the first try of a logout happens during the request). */
    async deliver(ids: string[]): Promise<Map<string, boolean>> {
      const outcomes = await Promise.all(ids.map(async (id) => [id, (await claimAndRun(id)) === 'sent'] as const));
      return new Map(outcomes);
    },
    /** Runs a tick soon, without waiting (after a request wrote a mail). */
    kick(): void {
      if (running) {
        again = true;
        return;
      }
      outbox.tick().catch((err: unknown) => logger.warn({ err }, 'outbox tick failed'));
    },
    /** Polls every `intervalMs` until stop(). */
    start(intervalMs: number): void {
      timer ??= setInterval(() => outbox.kick(), intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      timer = undefined;
      again = false;
      await running?.catch(() => undefined);
    },
  };
  return outbox;
}

export type Outbox = ReturnType<typeof createOutbox>;
