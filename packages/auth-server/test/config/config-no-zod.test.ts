import { ConfigError, loadConfig, type Env } from '../../src/config/config.js';

/** The message loadConfig throws for env, or undefined when it loads. */
function problem(env: Env): string | undefined {
  try {
    loadConfig(env);
    return undefined;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.message;
  }
}

describe('reading the environment', () => {
  test('an empty environment gets every default', () => {
    expect(loadConfig({})).toEqual({
      env: 'development',
      port: 4000,
      host: '127.0.0.1',
      issuer: 'http://auth.localhost:4000',
      secureCookies: false,
      databaseUrl: undefined,
      sqlitePath: './data/auth.db',
      redisUrl: undefined,
      cookieSecret: 'dev-only-cookie-secret-change-me-0000000000',
      keyEncryptionSecret: 'dev-only-key-encryption-secret-change-me-00',
      resourceAudience: 'http://api.localhost:4001',
      ttl: { accessToken: 900, idToken: 900, refreshToken: 30 * 24 * 3600, refreshTokenAbsolute: 90 * 24 * 3600, authorizationCode: 60, session: 12 * 3600 },
      keyPublishAhead: 900,
      keyRotationDays: 90,
      lockout: { threshold: 5, baseSeconds: 30, maxSeconds: 900 },
      rateLimit: { loginPerMinute: 20, clientAuthFailuresPerMinute: 20, tokenPerMinute: 600, authorizePerMinute: 120 },
      trustProxy: false,
      allowPrivateNetworks: [],
      logLevel: 'info',
      auditRetentionDays: 180,
      metricsToken: undefined,
      demo: { seed: false, appAUrl: 'http://app-a.localhost:4002', appBUrl: 'http://app-b.localhost:4003', appASecret: 'dev-secret-app-a', appBSecret: 'dev-secret-app-b' },
      mail: { smtpUrl: undefined, from: 'SSO <no-reply@auth.localhost>' },
      requireVerifiedEmail: false,
      outboxPollMs: 1000,
      unsafeDefaults: ['COOKIE_SECRET', 'KEY_ENCRYPTION_SECRET', 'ISSUER (not https)', 'METRICS_TOKEN (unset: /metrics is open)'],
    });
  });

  test('an empty string counts as unset (`PORT=` in an env file)', () => {
    expect(loadConfig({ PORT: '', ISSUER: '', SEED_DEMO: '', DATABASE_URL: '' })).toEqual(loadConfig({}));
  });

  test('every bad variable is named, one line each, in declaration order', () => {
    expect(problem({ SEED_DEMO: 'maybe', PORT: 'eighty', COOKIE_SECRET: 'short', ISSUER: 'ftp://sso.example.com', NODE_ENV: 'prod' })).toBe(
      [
        'Invalid configuration:',
        '  NODE_ENV: must be one of development, test, production',
        '  PORT: expected a number',
        '  ISSUER: must be an http:// or https:// URL',
        '  COOKIE_SECRET: must be at least 32 characters long',
        '  SEED_DEMO: must be one of true, false, 1, 0, yes, no',
      ].join('\n'),
    );
  });

  test('numbers are whole and within their bounds', () => {
    expect(problem({ OUTBOX_POLL_MS: '50' })).toBe('Invalid configuration:\n  OUTBOX_POLL_MS: must be at least 100');
    expect(problem({ ACCESS_TOKEN_TTL: '0' })).toMatch(/ACCESS_TOKEN_TTL: must be at least 1$/);
    expect(problem({ PORT: '70000' })).toMatch(/PORT: must be at most 65535$/);
    expect(problem({ PORT: '80.5' })).toMatch(/PORT: expected a whole number$/);
    expect(problem({ PORT: '80abc' })).toMatch(/PORT: expected a number$/);
    expect(problem({ SESSION_TTL: '1e30' })).toMatch(/SESSION_TTL: must be at most 9007199254740991$/);
    expect(loadConfig({ PORT: '0', KEY_PUBLISH_AHEAD: '0', AUDIT_RETENTION_DAYS: '0', OUTBOX_POLL_MS: ' 250 ' })).toMatchObject({ port: 0, keyPublishAhead: 0, auditRetentionDays: 0, outboxPollMs: 250 });
  });

  test('URLs must be http:// or https://, with the slashes', () => {
    expect(problem({ DEMO_APP_A_URL: 'ftp://app-a.example.com' })).toBe('Invalid configuration:\n  DEMO_APP_A_URL: must be an http:// or https:// URL');
    expect(problem({ DEMO_APP_B_URL: 'javascript:alert(1)' })).toMatch(/DEMO_APP_B_URL: must be an http/);
    // The URL parser would read these as http://sso.example.com/.
    expect(problem({ ISSUER: 'http:sso.example.com' })).toMatch(/ISSUER: must be an http/);
    expect(problem({ ISSUER: 'https:/sso.example.com' })).toMatch(/ISSUER: must be an http/);
    expect(problem({ ISSUER: 'http://' })).toMatch(/ISSUER: must be an http/);
    expect(problem({ ISSUER: 'not a url' })).toMatch(/ISSUER: must be an http/);
  });

  test('URLs are kept as written, without surrounding blanks; the issuer loses its trailing slashes', () => {
    const config = loadConfig({ ISSUER: ' HTTPS://SSO.example.com/base// ', DEMO_APP_A_URL: 'http://a.example.com:8080/', DEMO_APP_B_URL: 'http://b.example.com/x?y=1' });
    expect(config.issuer).toBe('HTTPS://SSO.example.com/base');
    expect(config.demo.appAUrl).toBe('http://a.example.com:8080');
    expect(config.demo.appBUrl).toBe('http://b.example.com/x?y=1');
  });

  test('booleans accept true/false, 1/0 and yes/no, nothing else', () => {
    for (const yes of ['true', '1', 'yes']) expect(loadConfig({ REQUIRE_VERIFIED_EMAIL: yes }).requireVerifiedEmail).toBe(true);
    for (const no of ['false', '0', 'no']) expect(loadConfig({ REQUIRE_VERIFIED_EMAIL: no }).requireVerifiedEmail).toBe(false);
    expect(problem({ REQUIRE_VERIFIED_EMAIL: 'TRUE' })).toBe('Invalid configuration:\n  REQUIRE_VERIFIED_EMAIL: must be one of true, false, 1, 0, yes, no');
    expect(problem({ SEED_DEMO: 'on' })).toMatch(/SEED_DEMO/);
  });

  test('connection strings name the scheme they need', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/sso', REDIS_URL: 'rediss://cache', SMTP_URL: 'smtps://mail:465' })).toMatchObject({
      databaseUrl: 'postgresql://db/sso',
      redisUrl: 'rediss://cache',
      mail: { smtpUrl: 'smtps://mail:465' },
    });
    expect(problem({ DATABASE_URL: 'mysql://db', REDIS_URL: 'memcached://cache', SMTP_URL: 'mail.example.com' })).toBe(
      [
        'Invalid configuration:',
        '  DATABASE_URL: must be a postgres:// URL',
        '  REDIS_URL: must be a redis:// URL',
        '  SMTP_URL: must be an smtp:// or smtps:// URL',
      ].join('\n'),
    );
  });

  test('strings have their minimum length and enums their words', () => {
    expect(problem({ METRICS_TOKEN: 'short', DEMO_APP_A_SECRET: 'abc', MAIL_FROM: 'x' })).toBe(
      [
        'Invalid configuration:',
        '  METRICS_TOKEN: must be at least 16 characters long',
        '  DEMO_APP_A_SECRET: must be at least 8 characters long',
        '  MAIL_FROM: must be at least 3 characters long',
      ].join('\n'),
    );
    expect(problem({ LOG_LEVEL: 'verbose' })).toBe('Invalid configuration:\n  LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent');
    expect(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' })).toMatchObject({ env: 'test', logLevel: 'silent' });
  });

  test('private networks: blanks between commas are dropped, a bad entry is reported with the others', () => {
    expect(loadConfig({ ALLOW_PRIVATE_NETWORKS: ' , 10.0.0.0/8,, ' }).allowPrivateNetworks).toEqual(['10.0.0.0/8']);
    expect(problem({ PORT: '-1', ALLOW_PRIVATE_NETWORKS: '10.0.0.0/99' })).toBe(
      'Invalid configuration:\n  PORT: must be at least 0\n  ALLOW_PRIVATE_NETWORKS: bad prefix length: 10.0.0.0/99',
    );
  });

  test('bad variables are reported before the production check', () => {
    expect(problem({ NODE_ENV: 'production', PORT: 'x' })).toBe('Invalid configuration:\n  PORT: expected a number');
  });
});
