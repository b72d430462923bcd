import { InvalidRequest } from '@sso/shared';
import { stringParam } from '../http/params.js';

export interface FormResult<K extends string> {
  /** The fields that were present and well-formed. */
  values: Partial<Record<K, string>>;
  /** The first problem found, worded for the page; undefined when all fields are well-formed. */
  error: string | undefined;
}

/**
 * Reads string fields from a form body. A repeated field, a non-string (a JSON body), or an
 * over-long value is a problem to show on the re-rendered page with a 400, never a 500. A missing
 * body (unknown content type) reads as an empty form.
 */
export function readForm<K extends string>(body: unknown, limits: Record<K, number>): FormResult<K> {
  const source = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const values: Partial<Record<K, string>> = {};
  let error: string | undefined;
  for (const name of Object.keys(limits) as K[]) {
    try {
      const value = stringParam(source, name, { maxLength: limits[name] });
      if (value !== undefined) values[name] = value;
    } catch (err) {
      if (!(err instanceof InvalidRequest)) throw err;
      error ??= `The form could not be read (${err.description}).`;
    }
  }
  return { values, error };
}
