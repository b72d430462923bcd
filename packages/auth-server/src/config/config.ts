import { allowList } from '../security/outbound-address.js';
import { bool, httpUrl, int, InvalidValue, matching, oneOf, optional, readEnv, text, withDefault, type Parser } from './env-reader.js';

/** Values that are fine on a developer's laptop and must never reach production. */
const DEV_COOKIE_SECRET = 'dev-only-cookie-secret-change-me-0000000000';
const DEV_KEY_ENCRYPTION_SECRET = 'dev-only-key-encryption-secret-change-me-00';

const positive = int({ min: 1 });

/** URLs are built as `${issuer}/path`, and clients compare `iss` character for character: no trailing slash. */
const issuerUrl: Parser<string> = (raw) => httpUrl(raw).replace(/\/+$/, '');

/** Checked here so that a typo stops start-up instead of surfacing at the first outbound request. */
const networkList: Parser<string[]> = (raw) => {
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    allowList(list);
  } catch (err) {
    throw new InvalidValue((err as Error).message);
  }
  return list;
};

const schema = {
  NODE_ENV: withDefault(oneOf(['development', 'test', 'production']), 'development'),
  /** Port to listen on; 0 picks a free one. */
  PORT: withDefault(int({ min: 0, max: 65535 }), 4000),
  /** Interface to bind. */
  HOST: withDefault(text({ min: 1 }), '127.0.0.1'),
  /** Public base URL of this server; the `iss` of every token. No trailing slash. */
  ISSUER: withDefault(issuerUrl, 'http://auth.localhost:4000'),
  /** PostgreSQL connection string; when unset the SQLite file below is used. */
  DATABASE_URL: optional(matching(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')),
  /** SQLite database file, created and migrated on first start. */
  SQLITE_PATH: withDefault(text({ min: 1 }), './data/auth.db'),
  /** Redis URL; shares rate-limit counters between instances. */
  REDIS_URL: optional(matching(/^rediss?:\/\//, 'must be a redis:// URL')),
  /** Secret for CSRF tokens; at least 32 characters. */
  COOKIE_SECRET: withDefault(text({ min: 32 }), DEV_COOKIE_SECRET),
  /** Encrypts private signing keys in the store; at least 32 characters. Changing it orphans stored keys. */
  KEY_ENCRYPTION_SECRET: withDefault(text({ min: 32 }), DEV_KEY_ENCRYPTION_SECRET),
  /** Audience (`aud`) of access tokens: the resource API's identifier. */
  RESOURCE_AUDIENCE: withDefault(text({ min: 1 }), 'http://api.localhost:4001'),
  ACCESS_TOKEN_TTL: withDefault(positive, 15 * 60),
  ID_TOKEN_TTL: withDefault(positive, 15 * 60),
  /** Sliding lifetime of a refresh token: each use issues a new one valid this long... */
  REFRESH_TOKEN_TTL: withDefault(positive, 30 * 24 * 3600),
  /** ...but never past this long after the original sign-in. */
  REFRESH_TOKEN_ABSOLUTE_TTL: withDefault(positive, 90 * 24 * 3600),
  AUTHORIZATION_CODE_TTL: withDefault(positive, 60),
  /** Auth-server browser session lifetime (sliding). */
  SESSION_TTL: withDefault(positive, 12 * 3600),
  /**
   * Seconds a new signing key is published before it signs. Keep it above the JWKS cache lifetime
   * of the resource servers (10 min for ours) so none meets an unknown kid.
   */
  KEY_PUBLISH_AHEAD: withDefault(int({ min: 0 }), 900),
  /** Days after which the admin dashboard shows the signing key as due for rotation (`keys rotate`). */
  KEY_ROTATION_DAYS: withDefault(positive, 90),
  /** Failed logins before an account is locked; the lock doubles on each further failure. */
  LOCKOUT_THRESHOLD: withDefault(positive, 5),
  LOCKOUT_BASE_SECONDS: withDefault(positive, 30),
  LOCKOUT_MAX_SECONDS: withDefault(positive, 15 * 60),
  /** Requests per minute per client IP on login / sign-up. */
  RATE_LIMIT_LOGIN_PER_MINUTE: withDefault(positive, 20),
  /** Failed client authentications per minute per client and address (token, revoke, introspect). */
  RATE_LIMIT_CLIENT_AUTH_FAILURES_PER_MINUTE: withDefault(positive, 20),
  /** Authorization requests per minute per client IP that park a new sign-in (login or consent page). */
  RATE_LIMIT_AUTHORIZE_PER_MINUTE: withDefault(positive, 120),
  /** Revocation and introspection requests per minute per client IP (each may verify a secret and a signature). */
  RATE_LIMIT_TOKEN_PER_MINUTE: withDefault(positive, 600),
  /** Express `trust proxy` setting: `false`, a hop count, or a list of addresses (`true` only outside production). */
  TRUST_PROXY: withDefault(text(), 'false'),
  /** Days audit events are kept; older ones are purged with the expired rows. 0 keeps them forever. */
  AUDIT_RETENTION_DAYS: withDefault(int({ min: 0 }), 180),
  /**
   * Private networks (CIDRs, comma-separated) that client URIs and back-channel logout may use in
   * production; loopback, private and link-local addresses are refused otherwise.
   */
  ALLOW_PRIVATE_NETWORKS: withDefault(networkList, []),
  LOG_LEVEL: withDefault(oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  /** /metrics asks for `Authorization: Bearer <METRICS_TOKEN>`; required in production. */
  METRICS_TOKEN: optional(text({ min: 16 })),
  /** Register the demo clients and accounts on start (development only). */
  SEED_DEMO: withDefault(bool, false),
  DEMO_APP_A_URL: withDefault(httpUrl, 'http://app-a.localhost:4002'),
  DEMO_APP_B_URL: withDefault(httpUrl, 'http://app-b.localhost:4003'),
  DEMO_APP_A_SECRET: withDefault(text({ min: 8 }), 'dev-secret-app-a'),
  DEMO_APP_B_SECRET: withDefault(text({ min: 8 }), 'dev-secret-app-b'),
  /** Outgoing mail server, e.g. smtps://user:pass@mail.example.com:465. Unset: mails wait in the outbox. */
  SMTP_URL: optional(matching(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')),
  /** Sender of every mail. */
  MAIL_FROM: withDefault(text({ min: 3 }), 'SSO <no-reply@auth.localhost>'),
  /** Sign-in waits until the account's e-mail is verified (clients can also ask for it one by one). */
  REQUIRE_VERIFIED_EMAIL: withDefault(bool, false),
  /** How often each instance looks for due outbox items (mails, back-channel logouts). */
  OUTBOX_POLL_MS: withDefault(int({ min: 100 }), 1000),
};

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
  const read = readEnv(env, schema);
  if (!read.ok) {
    const lines = read.problems.map((p) => `  ${p.variable}: ${p.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = read.values;
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
