import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';
import { StoreUnavailableError } from './types.js';

// Node socket errors, PostgreSQL admin shutdown / cannot connect now (57P01, 57P03) and the
// connection exception class (08xxx), SQLite's busy timeout running out.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P03', '08006', '08001', '08003', 'SQLITE_BUSY']);
// pg reports a lost or never-made connection by message only.
const CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|database is locked/i;

/** True when the engine could not be reached, as opposed to a query it refused. */
function isConnectionFailure(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return (
    (typeof e?.code === 'string' && CONNECTION_CODES.has(e.code)) ||
    (typeof e?.message === 'string' && CONNECTION_MESSAGES.test(e.message))
  );
}

function translate(err: unknown): unknown {
  return isConnectionFailure(err) ? new StoreUnavailableError('The database is unavailable', { cause: err }) : err;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw translate(err);
  }
}

/** The connection handed to Kysely; the engine's driver gets its own connection back. */
class GuardedConnection implements DatabaseConnection {
  constructor(readonly inner: DatabaseConnection) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return guarded(() => this.inner.executeQuery<R>(query));
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(query, chunkSize);
    } catch (err) {
      throw translate(err);
    }
  }
}

const unwrap = (connection: DatabaseConnection): DatabaseConnection =>
  connection instanceof GuardedConnection ? connection.inner : connection;

type Compile = QueryCompiler['compileQuery'];

class GuardedDriver implements Driver {
  constructor(private readonly inner: Driver) {}
  init = () => guarded(() => this.inner.init());
  acquireConnection = () => guarded(async () => new GuardedConnection(await this.inner.acquireConnection()));
  beginTransaction = (c: DatabaseConnection, settings: TransactionSettings) => guarded(() => this.inner.beginTransaction(unwrap(c), settings));
  commitTransaction = (c: DatabaseConnection) => guarded(() => this.inner.commitTransaction(unwrap(c)));
  rollbackTransaction = (c: DatabaseConnection) => guarded(() => this.inner.rollbackTransaction(unwrap(c)));
  savepoint = (c: DatabaseConnection, name: string, compile: Compile) => guarded(async () => this.inner.savepoint?.(unwrap(c), name, compile));
  rollbackToSavepoint = (c: DatabaseConnection, name: string, compile: Compile) =>
    guarded(async () => this.inner.rollbackToSavepoint?.(unwrap(c), name, compile));
  releaseSavepoint = (c: DatabaseConnection, name: string, compile: Compile) => guarded(async () => this.inner.releaseSavepoint?.(unwrap(c), name, compile));
  releaseConnection = (c: DatabaseConnection) => this.inner.releaseConnection(unwrap(c));
  destroy = () => this.inner.destroy();
}

/**
 * Either engine's dialect, with connection failures raised as StoreUnavailableError at the store
 * boundary, so callers (the HTTP error handler: 503) need not know any driver's error codes.
 */
export function unavailableAware(dialect: Dialect): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new GuardedDriver(dialect.createDriver()),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
  };
}
