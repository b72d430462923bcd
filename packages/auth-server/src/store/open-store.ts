import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { inspect } from 'node:util';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { postgresChangeFeed, sqliteChangeFeed, type ChangeFeed } from './change-feed.js';
import { createKyselyStore } from './kysely-store.js';
import { migrationProvider } from './migrations.js';
import type { Database as Schema } from './schema.js';
import type { Store } from './types.js';
import { unavailableAware } from './unavailable-dialect.js';

export interface StoreOptions {
  /** postgres:// URL; when absent the SQLite file is used. */
  databaseUrl?: string | undefined;
  sqlitePath?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** How long a client or API registration read stays cached in this instance (store/cached-clients.ts, cached-apis.ts); 0 turns it off. */
  clientCacheMs?: number;
  /**
   * SQLite: how often to look for writes from another process (the admin CLI) and drop the cached
   * clients, APIs and keys when there were some (store/change-feed.ts); 0 never looks.
   */
  sqliteChangePollMs?: number;
  /** The PostgreSQL change feed lost its connection or failed to announce (store/change-feed.ts). */
  onChangeFeedError?: (err: unknown) => void;
}


/**
 * A prepared statement as Kysely's SQLite driver uses it, with `reader` read once. The driver asks
 * every execution whether the statement returns rows, and libsql answers by listing its columns
 * anew: for the 45 columns of the refresh-token read that took 31 µs of each refresh in the server,
 * a quarter of running the query itself (issue 14). A statement's columns never change.
 */
function preparedOnce(statement: SqliteStatement): SqliteStatement {
  const reader = statement.reader;
  return {
    reader,
    all: (parameters) => statement.all(parameters),
    run: (parameters) => statement.run(parameters),
    iterate: (parameters) => statement.iterate(parameters),
  };
}

/**
 * libsql (better-sqlite3's API). Kysely prepares every query anew; the same few query shapes repeat,
 * so prepared statements are kept per SQL text. Safe because each runs to completion synchronously.
 */
async function sqliteDb(path: string): Promise<Kysely<Schema>> {
  const { default: Database } = await import('libsql');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // The commit that finds the write-ahead log past this many pages copies them into the database file
  // there and then, holding the (synchronous) driver and so the event loop: at SQLite's default of
  // 1,000 pages that took ~30 ms, at 100 about a tenth of it, for the same work in all (issue 14,
  // bench large-store: the slowest request during a purge went from 71 to 35 ms).
  database.pragma('wal_autocheckpoint = 100');
  const statements = new Map<string, SqliteStatement>();
  const cached: SqliteDatabase = {
    close: () => database.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = preparedOnce(database.prepare(sql));
        if (statements.size < 512) statements.set(sql, statement);
      }
      return statement;
    },
  };
  return new Kysely<Schema>({ dialect: unavailableAware(new SqliteDialect({ database: cached })) });
}

/** `pg` is imported only when PostgreSQL is configured, so SQLite deployments never load it. */
async function postgresDb(url: string, poolSize: number): Promise<Kysely<Schema>> {
  const { default: pg } = await import('pg');
  // PostgreSQL returns BIGINT as text; every BIGINT here is epoch milliseconds, safe as a number.
  const pgTypes = {
    getTypeParser: (oid: number, format?: 'text' | 'binary'): ((value: string) => unknown) =>
      oid === 20 ? (v: string) => Number(v) : (pg.types.getTypeParser(oid, format) as (value: string) => unknown),
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: pgTypes,
    connectionTimeoutMillis: 3000,
    // A broken connection must fail the query, not hang it.
    query_timeout: 10_000,
  });
  // An idle client losing its connection emits 'error' on the pool; without a listener it would crash.
  pool.on('error', () => undefined);
  return new Kysely<Schema>({ dialect: unavailableAware(new PostgresDialect({ pool })) });
}

export async function migrate(db: Kysely<Schema>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : inspect(error)}`);
  }
}

/** A Kysely connection to the configured engine, without migrating (the bench seeds through it). */
export function openDatabase(opts: StoreOptions): Promise<Kysely<Schema>> {
  return opts.databaseUrl ? postgresDb(opts.databaseUrl, opts.poolSize ?? 10) : sqliteDb(opts.sqlitePath ?? './data/auth.db');
}

/** PostgreSQL: LISTEN on a connection of its own, NOTIFY through the pool (`pg` is loaded already). */
async function postgresChanges(url: string, db: Kysely<Schema>, onError: StoreOptions['onChangeFeedError']): Promise<ChangeFeed> {
  const { default: pg } = await import('pg');
  return postgresChangeFeed({
    async connect() {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
      try {
        await client.connect();
      } catch (err) {
        client.on('error', () => undefined);
        throw err;
      }
      return client;
    },
    notify: async (channel, payload) => void (await sql`SELECT pg_notify(${channel}, ${payload})`.execute(db)),
    ...(onError && { onError }),
  });
}

/** Writes from another process reach a SQLite server's caches within this (store/change-feed.ts). */
export const SQLITE_CHANGE_POLL_MS = 250;

/** Through Kysely, so it waits for a transaction in progress on the connection rather than reading inside it. */
async function dataVersion(db: Kysely<Schema>): Promise<number> {
  const { rows } = await sql<{ data_version: number }>`PRAGMA data_version`.execute(db);
  return Number(rows[0]?.data_version);
}

/** Opens the configured engine and brings its schema up to date. */
export async function openStore(opts: StoreOptions): Promise<Store> {
  const engine = opts.databaseUrl ? 'postgres' : 'sqlite';
  const db = await openDatabase(opts);
  let changes: ChangeFeed;
  try {
    await migrate(db);
    changes = opts.databaseUrl
      ? await postgresChanges(opts.databaseUrl, db, opts.onChangeFeedError)
      : await sqliteChangeFeed({ dataVersion: () => dataVersion(db), pollMs: opts.sqliteChangePollMs ?? SQLITE_CHANGE_POLL_MS });
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return createKyselyStore(db, engine, { clientCacheMs: opts.clientCacheMs, changes });
}
