/**
 * A small reader for environment variables: each variable has a parser and a value for when it is
 * unset, and every bad variable is reported at once so the operator fixes them in one go. Written
 * by hand so that start-up does not load a schema library just for this (several MB of memory on
 * an idle server); the admin API, loaded on demand, keeps using one.
 */

/** Turns a variable's text into its value, or throws InvalidValue saying what is wrong with it. */
export type Parser<T> = (raw: string) => T;

/** The message is shown to the operator after the variable's name; it never repeats the value, which may be a secret. */
export class InvalidValue extends Error {}

/** One variable: how to read it, and what it is when unset. */
export interface Variable<T> {
  readonly parse: Parser<T>;
  readonly unset: T;
}

export const withDefault = <T>(parse: Parser<T>, value: NoInfer<T>): Variable<T> => ({ parse, unset: value });

export const optional = <T>(parse: Parser<T>): Variable<T | undefined> => ({ parse, unset: undefined });

/** Whole numbers; the bounds default to the range a double holds exactly. */
export function int({ min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = {}): Parser<number> {
  return (raw) => {
    // Number(), not parseInt: '80abc' is refused rather than read as 80.
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new InvalidValue('expected a number');
    if (!Number.isInteger(n)) throw new InvalidValue('expected a whole number');
    if (n < min) throw new InvalidValue(`must be at least ${min}`);
    if (n > max) throw new InvalidValue(`must be at most ${max}`);
    return n;
  };
}

export function text({ min = 0 } = {}): Parser<string> {
  return (raw) => {
    if (raw.length < min) throw new InvalidValue(`must be at least ${min} characters long`);
    return raw;
  };
}

export function matching(pattern: RegExp, message: string): Parser<string> {
  return (raw) => {
    if (!pattern.test(raw)) throw new InvalidValue(message);
    return raw;
  };
}

/** One of a fixed set of words, typed as that set. */
export function oneOf<const T extends readonly string[]>(options: T): Parser<T[number]> {
  return (raw) => {
    const match = options.find((option) => option === raw);
    if (match === undefined) throw new InvalidValue(`must be one of ${options.join(', ')}`);
    return match;
  };
}

const boolWord = oneOf(['true', 'false', '1', '0', 'yes', 'no']);

export const bool: Parser<boolean> = (raw) => {
  const word = boolWord(raw);
  return word === 'true' || word === '1' || word === 'yes';
};

/** An http: or https: URL, kept as written (not normalised) apart from surrounding whitespace. */
export const httpUrl: Parser<string> = (raw) => {
  const written = raw.trim();
  const url = parseUrl(written);
  const protocol = url?.protocol;
  // The URL parser reads 'http:host' as 'http://host/'; asking for the slashes as written keeps such a typo from passing.
  if ((protocol !== 'http:' && protocol !== 'https:') || !written.toLowerCase().startsWith(`${protocol}//`)) {
    throw new InvalidValue('must be an http:// or https:// URL');
  }
  // The URL parser skips tabs and line breaks; dropping them here too makes the value name the host that was checked.
  return written.replace(/[\t\n\r]/g, '');
};

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

type Spec = Readonly<Record<string, Variable<unknown>>>;

export type Values<S extends Spec> = { [K in keyof S]: S[K] extends Variable<infer T> ? T : never };

export interface Problem {
  readonly variable: string;
  readonly message: string;
}

export type Reading<S extends Spec> =
  | { readonly ok: true; readonly values: Values<S> }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** Reads every variable of the spec, in its order; an empty string counts as unset (`FOO=` in an env file). */
export function readEnv<S extends Spec>(env: Readonly<Record<string, string | undefined>>, spec: S): Reading<S> {
  const values: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const [name, variable] of Object.entries(spec)) {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      values[name] = variable.unset;
      continue;
    }
    try {
      values[name] = variable.parse(raw);
    } catch (err) {
      if (!(err instanceof InvalidValue)) throw err;
      problems.push({ variable: name, message: err.message });
    }
  }
  // Every entry of the spec was filled in above, each by its own variable's parser or unset value.
  return problems.length > 0 ? { ok: false, problems } : { ok: true, values: values as Values<S> };
}
