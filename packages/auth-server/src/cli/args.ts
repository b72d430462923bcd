import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-context.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/** node:util parseArgs in strict mode, its errors turned into usage errors. */
export function parseCommandArgs<const O extends Options>(args: string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Exactly `names.length` positional arguments, else a usage error naming the missing ones. */
export function positionals(values: string[], names: string[]): string[] {
  if (values.length < names.length) throw new UsageError(`Missing ${names.slice(values.length).map((n) => `<${n}>`).join(' ')}`);
  if (values.length > names.length) throw new UsageError(`Unexpected argument: ${values[names.length]}`);
  return values;
}

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

export function required(value: string | undefined, flag: string): string {
  if (blank(value)) throw new UsageError(`--${flag} is required`);
  return value!.trim();
}

/**
 * Every missing required option named in one error, so the operator fixes them in one go. A flag
 * counts as given when it has a non-blank string or a non-empty list.
 */
export function requireAll(values: Record<string, unknown>, flags: string[]): void {
  const given = (v: unknown) => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' && !blank(v));
  const missing = flags.filter((f) => !given(values[f]));
  if (missing.length === 1) throw new UsageError(`--${missing[0]} is required`);
  if (missing.length > 1) throw new UsageError(`Missing required options: ${missing.map((f) => `--${f}`).join(', ')}`);
}
