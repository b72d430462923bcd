import { DuplicateError, type Page } from '../types.js';

/** A page's row count: 100 unless asked, never more than 1000 (lists never load a whole table). */
export const pageLimit = (page: Page): number => Math.min(Math.max(Math.trunc(page.limit ?? 100), 1), 1000);

/** SQLite says "UNIQUE constraint failed", PostgreSQL uses SQLSTATE 23505. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || /UNIQUE constraint failed/i.test(e?.message ?? '') || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export async function unique<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (isUniqueViolation(err)) throw new DuplicateError(`${what} already exists`, what);
    throw err;
  }
}

export const changed = (r: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number =>
  Number(r.numUpdatedRows ?? r.numDeletedRows ?? 0n);
