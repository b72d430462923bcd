import { z } from 'zod';
import { allowList } from '../security/outbound-address.js';

/** Values that are fine on a developer's laptop and must never reach production. */
const DEV_COOKIE_SECRET = 'dev-only-cookie-secret-change-me-0000000000';
const DEV_KEY_ENCRYPTION_SECRET = 'dev-only-key-encryption-secret-change-me-00';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const seconds = z.coerce.number().int().positive();
const httpUrl = z.url({ protocol: /^https?$/ });

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Port to listen on; 0 picks a free one. */
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Interface to bind. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Public base URL of this server; the `iss` of every token. No trailing slash. */
  ISSUER: httpUrl.default('http://auth.localhost:4000').transform((v) => v.replace(/\/+$/, '')),
  /** PostgreSQL connection string; when unset the SQLite file below is used. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  /** SQLite database file, created and migrated on first start. */
  SQLITE_PATH: z.string().min(1).default('./data/auth.db'),
  /** Redis URL; shares rate-limit counters between instances. */
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  /** Secret for CSRF tokens; at least 32 characters. */
  COOKIE_SECRET: z.string().min(32).default(DEV_COOKIE_SECRET),
  /** Encrypts private signing keys in the store; at least 32 characters. Changing it orphans stored keys. */
  KEY_ENCRYPTION_SECRET: z.string().min(32).default(DEV_KEY_ENCRYPTION_SECRET),
  /** Audience (`aud`) of access tokens: the resource API's identifier. */
  RESOURCE_AUDIENCE: z.string().min(1).default('http://api.localhost:4001'),
  ACCESS_TOKEN_TTL: seconds.default(15 * 60),
  ID_TOKEN_TTL: seconds.default(15 * 60),
  /** Sliding lifetime of a refresh token: each use issues a new one valid this long... */
  REFRESH_TOKEN_TTL: seconds.default(30 * 24 * 3600),
  /** ...but never past this long after the original sign-in. */
  REFRESH_TOKEN_ABSOLUTE_TTL: seconds.default(90 * 24 * 3600),
  AUTHORIZATION_CODE_TTL: seconds.default(60),
  /** Auth-server browser session lifetime (sliding). */
  SESSION_TTL: seconds.default(12 * 3600),
  /**
   * Seconds a new signing key is published before it signs. Keep it above the JWKS cache lifetime
   * of the resource servers (10 min for ours) so none meets an unknown kid.
   */
  KEY_PUBLISH_AHEAD: z.coerce.number().int().min(0).default(900),
  /** Days after which the admin dashboard shows the signing key as due for rotation (`keys rotate`). */
  KEY_ROTATION_DAYS: z.coerce.number().int().positive().default(90),
  /** Failed logins before an account is locked; the lock doubles on each further failure. */
  LOCKOUT_THRESHOLD: z.coerce.number().int().positive().default(5),
  LOCKOUT_BASE_SECONDS: seconds.default(30),
  LOCKOUT_MAX_SECONDS: seconds.default(15 * 60),
  /** Requests per minute per client IP on login / sign-up. */
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** Failed client authentications per minute per client and address (token, revoke, introspect). */
  RATE_LIMIT_CLIENT_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** Authorization requests per minute per client IP that park a new sign-in (login or consent page). */
  RATE_LIMIT_AUTHORIZE_PER_MINUTE: z.coerce.number().int().positive().default(120),
  /** Revocation and introspection requests per minute per client IP (each may verify a secret and a signature). */
  RATE_LIMIT_TOKEN_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Express `trust proxy` setting: `false`, a hop count, or a list of addresses (`true` only outside production). */
  TRUST_PROXY: z.string().default('false'),
  /** Days audit events are kept; older ones are purged with the expired rows. 0 keeps them forever. */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).default(180),
  /**
   * Private networks (CIDRs, comma-separated) that client URIs and back-channel logout may use in
   * production; loopback, private and link-local addresses are refused otherwise.
   */
  ALLOW_PRIVATE_NETWORKS: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .superRefine((list, c) => {
      try {
        allowList(list);
      } catch (err) {
        c.addIssue({ code: 'custom', message: (err as Error).message });
      }
    })
    .default([]),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** /metrics asks for `Authorization: Bearer <METRICS_TOKEN>`; required in production. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Register the demo clients and accounts on start (development only). */
  SEED_DEMO: bool.default(false),
  DEMO_APP_A_URL: httpUrl.default('http://app-a.localhost:4002'),
  DEMO_APP_B_URL: httpUrl.default('http://app-b.localhost:4003'),
  DEMO_APP_A_SECRET: z.string().min(8).default('dev-secret-app-a'),
  DEMO_APP_B_SECRET: z.string().min(8).default('dev-secret-app-b'),
  /** Outgoing mail server, e.g. smtps://user:pass@mail.example.com:465. Unset: mails wait in the outbox. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  /** Sender of every mail. */
  MAIL_FROM: z.string().min(3).default('SSO <no-reply@auth.localhost>'),
  /** Sign-in waits until the account's e-mail is verified (clients can also ask for it one by one). */
  REQUIRE_VERIFIED_EMAIL: bool.default(false),
  /** How often each instance looks for due outbox items (mails, back-channel logouts). */
  OUTBOX_POLL_MS: z.coerce.number().int().min(100).default(1000),
});

export type Env = Record<string, string | undefined>;

export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly port: number;
  readonly host: string;
  readonly issuer: string;
  readonly secureCookies: boolean;
  readonly databaseUrl: string | undefined;
  readonly sqlitePath: string;
  readonly redisUrl: string | undefined;
  readonly cookieSecret: string;
  readonly keyEncryptionSecret: string;
  readonly resourceAudience: string;
  readonly ttl: {
    readonly accessToken: number;
    readonly idToken: number;
    readonly refreshToken: number;
    readonly refreshTokenAbsolute: number;
    readonly authorizationCode: number;
    readonly session: number;
  };
  readonly keyPublishAhead: number;
  /** Advisory rotation period of the signing key, in days (shown on the admin dashboard). */
  readonly keyRotationDays: number;
  readonly lockout: { readonly threshold: number; readonly baseSeconds: number; readonly maxSeconds: number };
  readonly rateLimit: { readonly loginPerMinute: number; readonly clientAuthFailuresPerMinute: number; readonly tokenPerMinute: number; readonly authorizePerMinute: number };
  readonly trustProxy: boolean | number | string;
  /** Networks exempt from the production refusal of private addresses (security/outbound-address.ts). */
  readonly allowPrivateNetworks: readonly string[];
  readonly logLevel: string;
  readonly auditRetentionDays: number;
  readonly metricsToken: string | undefined;
  readonly demo: {
    readonly seed: boolean;
    readonly appAUrl: string;
    readonly appBUrl: string;
    readonly appASecret: string;
    readonly appBSecret: string;
  };
  readonly mail: { readonly smtpUrl: string | undefined; readonly from: string };
  readonly requireVerifiedEmail: boolean;
  readonly outboxPollMs: number;
  /** Development defaults still in use (warned about; refused in production). */
  readonly unsafeDefaults: readonly string[];
}

export class ConfigError extends Error {}

function parseTrustProxy(v: string): boolean | number | string {
  if (v === 'true') return true;
  if (v === 'false' || v === '') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v;
}

const deepFreeze = <T>(o: T): T => {
  for (const v of Object.values(o as object)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
};

/** Parses the environment once. Throws ConfigError naming every bad variable. */
export function loadConfig(env: Env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const unsafeDefaults: string[] = [];
  if (e.COOKIE_SECRET === DEV_COOKIE_SECRET) unsafeDefaults.push('COOKIE_SECRET');
  if (e.KEY_ENCRYPTION_SECRET === DEV_KEY_ENCRYPTION_SECRET) unsafeDefaults.push('KEY_ENCRYPTION_SECRET');
  if (!e.ISSUER.startsWith('https://')) unsafeDefaults.push('ISSUER (not https)');
  if (e.SEED_DEMO) unsafeDefaults.push('SEED_DEMO (demo accounts with known passwords)');
  // `true` trusts every X-Forwarded-For hop, so any client could pick its own address and escape the
  // per-address limits: production names its proxies (a hop count or their addresses).
  if (e.TRUST_PROXY === 'true') unsafeDefaults.push('TRUST_PROXY=true (set a hop count or the proxies\' addresses)');
  // Metrics reveal traffic and failure rates; production serves them only to the holder of the token.
  if (!e.METRICS_TOKEN) unsafeDefaults.push('METRICS_TOKEN (unset: /metrics is open)');
  if (e.NODE_ENV === 'production' && unsafeDefaults.length > 0) {
    throw new ConfigError(`Refusing to start in production with unsafe settings: ${unsafeDefaults.join(', ')}`);
  }
  return deepFreeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    issuer: e.ISSUER,
    secureCookies: e.ISSUER.startsWith('https://'),
    databaseUrl: e.DATABASE_URL,
    sqlitePath: e.SQLITE_PATH,
    redisUrl: e.REDIS_URL,
    cookieSecret: e.COOKIE_SECRET,
    keyEncryptionSecret: e.KEY_ENCRYPTION_SECRET,
    resourceAudience: e.RESOURCE_AUDIENCE,
    ttl: {
      accessToken: e.ACCESS_TOKEN_TTL,
      idToken: e.ID_TOKEN_TTL,
      refreshToken: e.REFRESH_TOKEN_TTL,
      refreshTokenAbsolute: e.REFRESH_TOKEN_ABSOLUTE_TTL,
      authorizationCode: e.AUTHORIZATION_CODE_TTL,
      session: e.SESSION_TTL,
    },
    keyPublishAhead: e.KEY_PUBLISH_AHEAD,
    keyRotationDays: e.KEY_ROTATION_DAYS,
    lockout: { threshold: e.LOCKOUT_THRESHOLD, baseSeconds: e.LOCKOUT_BASE_SECONDS, maxSeconds: e.LOCKOUT_MAX_SECONDS },
    rateLimit: {
      loginPerMinute: e.RATE_LIMIT_LOGIN_PER_MINUTE,
      clientAuthFailuresPerMinute: e.RATE_LIMIT_CLIENT_AUTH_FAILURES_PER_MINUTE,
      tokenPerMinute: e.RATE_LIMIT_TOKEN_PER_MINUTE,
      authorizePerMinute: e.RATE_LIMIT_AUTHORIZE_PER_MINUTE,
    },
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    allowPrivateNetworks: e.ALLOW_PRIVATE_NETWORKS,
    logLevel: e.LOG_LEVEL,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    metricsToken: e.METRICS_TOKEN,
    demo: {
      seed: e.SEED_DEMO,
      appAUrl: e.DEMO_APP_A_URL.replace(/\/+$/, ''),
      appBUrl: e.DEMO_APP_B_URL.replace(/\/+$/, ''),
      appASecret: e.DEMO_APP_A_SECRET,
      appBSecret: e.DEMO_APP_B_SECRET,
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    requireVerifiedEmail: e.REQUIRE_VERIFIED_EMAIL,
    outboxPollMs: e.OUTBOX_POLL_MS,
    unsafeDefaults,
  });
}
