import { EventEmitter } from 'node:events';
import type pg from 'pg';

/**
 * What an instance caches from the store and must drop when it changes: a client registration, the
 * API registry, the signing keys. `all` means changes may have been missed (the link to the other
 * instances was down): drop everything.
 */
export type Change = { kind: 'client'; id: string } | { kind: 'apis' } | { kind: 'keys' } | { kind: 'all' };

/**
 * Tells every instance's caches that something they hold changed, so a change made on one instance
 * (or by the admin CLI) applies on all of them at once rather than when their cached copy expires.
 *
 * On PostgreSQL the announcement is a NOTIFY on one channel that every instance LISTENs to. On SQLite
 * announcements reach this process' caches, and a write from another process (the admin CLI) is
 * noticed by polling the file's data version (sqliteChangeFeed).
 */
export interface ChangeFeed {
  /** Announces a committed change: to this process' subscribers at once, then to the other instances. */
  announce: (change: Change) => Promise<void>;
  /** Calls `listener` for every change announced here or by another instance; returns the unsubscribe. */
  subscribe: (listener: (change: Change) => void) => () => void;
  close: () => Promise<void>;
}

const CHANNEL = 'sso_changes';
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 30_000;

function isChange(value: unknown): value is Change {
  if (typeof value !== 'object' || value === null) return false;
  const { kind, id } = value as { kind?: unknown; id?: unknown };
  return kind === 'client' ? typeof id === 'string' : kind === 'apis' || kind === 'keys' || kind === 'all';
}

/** Subscribers in this process. */
function localSubscribers(): { emit: (change: Change) => void; subscribe: ChangeFeed['subscribe'] } {
  const events = new EventEmitter().setMaxListeners(0);
  return {
    emit: (change) => events.emit('change', change),
    subscribe(listener) {
      events.on('change', listener);
      return () => events.off('change', listener);
    },
  };
}

/** This process' subscribers only: a store no other process writes to (tests, SQLite with polling off). */
export function localChangeFeed(): ChangeFeed {
  const local = localSubscribers();
  return {
    announce: (change) => Promise.resolve(local.emit(change)),
    subscribe: local.subscribe,
    close: () => Promise.resolve(),
  };
}

export interface SqliteChangeFeedOptions {
  /**
   * `PRAGMA data_version` on the store's connection: it moves when another connection commits to the
   * file, never for this connection's own writes (which announce themselves).
   */
  dataVersion: () => Promise<number>;
  /** How often to read it; 0 never does (announcements from this process only). */
  pollMs: number;
}

/**
 * SQLite: the server's own changes are announced to its subscribers at once. The admin CLI writes the
 * same file from another process and cannot reach them, and SQLite has no notifications; but the
 * file's data version moves with every commit from another connection. It is read every `pollMs`,
 * and when it moved the subscribers drop everything (`all`): which row changed is unknown, and
 * re-reading clients, APIs and keys is cheap. So `keys rotate --now` or a client's new secret from
 * the CLI applies within `pollMs` instead of the caches' lifetimes (30 s for keys).
 */
export async function sqliteChangeFeed(opts: SqliteChangeFeedOptions): Promise<ChangeFeed & { poll: () => Promise<void> }> {
  const local = localSubscribers();
  let seen = await opts.dataVersion();
  let polling: Promise<void> | undefined;
  const poll = (): Promise<void> =>
    (polling ??= opts
      .dataVersion()
      .then((version) => {
        if (version === seen) return;
        seen = version;
        local.emit({ kind: 'all' });
      })
      // The store is closing or unavailable: its caches keep their lifetimes, and the next tick retries.
      .catch(() => undefined)
      .finally(() => (polling = undefined)));
  const timer = opts.pollMs > 0 ? setInterval(() => void poll(), opts.pollMs).unref() : undefined;
  return {
    announce: (change) => Promise.resolve(local.emit(change)),
    subscribe: local.subscribe,
    poll,
    async close() {
      clearInterval(timer);
      await polling;
    },
  };
}

export interface PostgresChangeFeedOptions {
  /** Opens a connection outside the pool: a LISTEN holds its session for as long as it listens. */
  connect: () => Promise<pg.Client>;
  /** Sends one NOTIFY (through the pool). */
  notify: (channel: string, payload: string) => Promise<void>;
  /** A lost link or a failed NOTIFY: other instances fall back on their caches' lifetime meanwhile. */
  onError?: (err: unknown) => void;
  /** First wait before reconnecting, doubled per failed attempt up to 30 s. */
  retryMs?: number;
}

/**
 * PostgreSQL: every instance LISTENs on one channel over a connection of its own; an announcement is a
 * NOTIFY on it, which PostgreSQL delivers to every listening session, this instance's included. When
 * that connection drops, changes made meanwhile would go unseen, so subscribers get `all` and the
 * feed reconnects (backing off up to 30 s); until it is back the caches' own lifetimes apply.
 */
export async function postgresChangeFeed(opts: PostgresChangeFeedOptions): Promise<ChangeFeed> {
  const local = localSubscribers();
  const onError = opts.onError ?? (() => undefined);
  const firstRetryMs = opts.retryMs ?? RETRY_MIN_MS;
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = firstRetryMs;
  let reconnecting = false;
  let retry: NodeJS.Timeout | undefined;

  /** Ends a connection we no longer listen on; whatever it says from now on is ignored. */
  const drop = (c: pg.Client): Promise<void> => {
    c.removeAllListeners();
    c.on('error', () => undefined);
    return c.end().catch(() => undefined);
  };

  const lost = (err: unknown) => {
    if (closed) return;
    onError(err);
    if (client) void drop(client);
    client = undefined;
    reconnecting = true;
    local.emit({ kind: 'all' });
    retry ??= setTimeout(() => {
      retry = undefined;
      void listen().catch(lost);
    }, retryMs).unref();
    retryMs = Math.min(RETRY_MAX_MS, Math.max(1, retryMs * 2));
  };

  async function listen(): Promise<void> {
    const c = await opts.connect();
    c.on('error', lost);
    c.on('end', () => lost(new Error('change feed connection ended')));
    c.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        const change: unknown = JSON.parse(message.payload);
        if (isChange(change)) local.emit(change);
      } catch {
        // Not one of ours: ignored.
      }
    });
    try {
      await c.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      void drop(c);
      throw err;
    }
    if (closed) return drop(c);
    client = c;
    retryMs = firstRetryMs;
    // Whatever changed while the link was down was not heard.
    if (reconnecting) local.emit({ kind: 'all' });
    reconnecting = false;
  }

  await listen();
  return {
    async announce(change) {
      local.emit(change);
      try {
        await opts.notify(CHANNEL, JSON.stringify(change));
      } catch (err) {
        onError(err);
      }
    },
    subscribe: local.subscribe,
    async close() {
      closed = true;
      clearTimeout(retry);
      if (client) await drop(client);
      client = undefined;
    },
  };
}
