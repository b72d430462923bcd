import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from '../schema.js';

/** Stands for argument `i` while the query is compiled; never a value a caller passes. */
const slot = (i: number): string => `\u0000compiled-once-arg-${i}\u0000`;

/**
 * A hot query compiled once per dialect rather than on every call. Kysely rebuilds and compiles a
 * query's tree each time, and for an indexed lookup in SQLite that costs more than running it: the
 * refresh-token read with its three joins took about 220 µs to compile and 60 µs to run (issue 14).
 * `build` is called once with stand-ins for its arguments; every stand-in must reach the compiled
 * query as a parameter of its own, and each call runs the same SQL with the real values in their
 * places. Other parameters (constants in the query) are kept as compiled.
 */
export function compiledOnce<A extends unknown[], R>(
  build: (db: Kysely<Database>, ...args: A) => Compilable<R>,
  arity: A['length'],
): (db: Kysely<Database>, ...args: A) => Promise<QueryResult<R>> {
  // Keyed by the adapter's class: SQLite and PostgreSQL differ in placeholders and quoting; a
  // transaction's Kysely shares its parent's dialect.
  const compiled = new WeakMap<object, { query: CompiledQuery<R>; places: (number | undefined)[] }>();
  const compile = (db: Kysely<Database>) => {
    const stand = Array.from({ length: arity }, (_, i) => slot(i)) as unknown as A;
    const query = build(db, ...stand).compile();
    const places = query.parameters.map((p) => {
      const i = typeof p === 'string' ? stand.indexOf(p) : -1;
      return i >= 0 ? i : undefined;
    });
    const used = places.filter((i) => i !== undefined);
    if (used.length !== arity || new Set(used).size !== arity) throw new Error(`compiledOnce: every argument must be one parameter of the query:\n${query.sql}`);
    return { query, places };
  };
  return (db, ...args) => {
    const key = db.getExecutor().adapter.constructor;
    let entry = compiled.get(key);
    if (!entry) compiled.set(key, (entry = compile(db)));
    const { query, places } = entry;
    const parameters = query.parameters.map((p, n) => (places[n] === undefined ? p : args[places[n]]));
    return db.executeQuery<R>({ ...query, parameters });
  };
}
