import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/ });
const withoutTrailingSlash = (value: string) => value.replace(/\/+$/, '');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Port to listen on; 0 picks a free one. */
  PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  /** Interface to bind; loopback by default (server-to-server calls reach it through loopbackFetch). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The auth server; tokens must carry exactly this `iss` (RFC 9068 §4). */
  ISSUER: httpUrl.default('http://auth.localhost:4000').transform(withoutTrailingSlash),
  /** This API's identifier; tokens must name it in `aud` (RFC 9068 §4). */
  AUDIENCE: z.string().min(1).default('http://api.localhost:4001'),
  /** Where the auth server publishes its keys; defaults to `${ISSUER}/jwks`. */
  JWKS_URI: httpUrl.optional(),
  /** Browser origins allowed to call this API (comma-separated). */
  CORS_ORIGINS: z.string().default('http://app-a.localhost:4002,http://app-b.localhost:4003'),
  /** SQLite file for notes, created on first start; `:memory:` for throwaway runs. */
  NOTES_DB: z.string().min(1).default('./data/notes.db'),
  /** Accepted for symmetry with the auth server; notes live in SQLite only (see README). */
  DATABASE_URL: z.string().optional(),
  /** Leeway for exp / nbf / iat between this host's clock and the issuer's. */
  CLOCK_TOLERANCE_SEC: z.coerce.number().int().min(0).max(300).default(5),
  /** Verified access tokens remembered (by SHA-256), so a repeated token skips the RSA check; 0 turns this off. */
  TOKEN_CACHE_MAX: z.coerce.number().int().min(0).max(1_000_000).default(10_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = Record<string, string | undefined>;

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  issuer: string;
  audience: string;
  jwksUri: string;
  corsOrigins: readonly string[];
  notesDb: string;
  databaseUrl: string | undefined;
  clockToleranceSec: number;
  tokenCacheMax: number;
  logLevel: string;
  /** Development defaults still in use; the server warns about them. */
  defaultsInUse: readonly string[];
}

/** The only reader of the environment. Throws a readable error listing every bad variable. */
export function loadConfig(env: Env): Readonly<Config> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid resource-api configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const defaultsInUse = (['ISSUER', 'AUDIENCE'] as const).filter((name) => !env[name]);
  if (e.NODE_ENV === 'production' && defaultsInUse.length > 0) {
    throw new Error(`Refusing to start in production with development defaults for ${defaultsInUse.join(', ')}`);
  }
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    issuer: e.ISSUER,
    audience: e.AUDIENCE,
    jwksUri: e.JWKS_URI ?? `${e.ISSUER}/jwks`,
    corsOrigins: Object.freeze(e.CORS_ORIGINS.split(',').map((origin) => withoutTrailingSlash(origin.trim())).filter(Boolean)),
    notesDb: e.NOTES_DB,
    databaseUrl: e.DATABASE_URL,
    clockToleranceSec: e.CLOCK_TOLERANCE_SEC,
    tokenCacheMax: e.TOKEN_CACHE_MAX,
    logLevel: e.LOG_LEVEL,
    defaultsInUse: Object.freeze(defaultsInUse),
  });
}
