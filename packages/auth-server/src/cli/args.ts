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

export function required(value: string | undefined, flag: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${flag} is required`);
  return value.trim();
}
