import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  test('defaults work on a fresh machine', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.issuer).toBe('http://auth.localhost:4000');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.secureCookies).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.ttl)).toBe(true);
  });

  test('a bad value stops start-up with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ ISSUER: 'not a url' })).toThrow(/ISSUER/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ACCESS_TOKEN_TTL: '-5', COOKIE_SECRET: 'short' })).toThrow(/ACCESS_TOKEN_TTL[\s\S]*COOKIE_SECRET|COOKIE_SECRET[\s\S]*ACCESS_TOKEN_TTL/);
  });

  test('production refuses the development defaults', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/COOKIE_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', ISSUER: 'http://sso.example.com', COOKIE_SECRET: 'x'.repeat(40), KEY_ENCRYPTION_SECRET: 'y'.repeat(40) })).toThrow(/ISSUER/);
    const secrets = { COOKIE_SECRET: 'x'.repeat(40), KEY_ENCRYPTION_SECRET: 'y'.repeat(40) };
    expect(() => loadConfig({ NODE_ENV: 'production', ISSUER: 'https://sso.example.com', COOKIE_SECRET: 'x'.repeat(40) })).toThrow(/KEY_ENCRYPTION_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', ISSUER: 'https://sso.example.com', ...secrets, SEED_DEMO: 'true' })).toThrow(/SEED_DEMO/);
    // /metrics would be open to anyone: production needs METRICS_TOKEN.
    expect(() => loadConfig({ NODE_ENV: 'production', ISSUER: 'https://sso.example.com', ...secrets })).toThrow(/METRICS_TOKEN/);
    const config = loadConfig({ NODE_ENV: 'production', ISSUER: 'https://sso.example.com/', ...secrets, METRICS_TOKEN: 'm'.repeat(32) });
    expect(config.issuer).toBe('https://sso.example.com');
    expect(config.secureCookies).toBe(true);
    expect(config.unsafeDefaults).toEqual([]);
  });

  test('production refuses TRUST_PROXY=true: any client could forge X-Forwarded-For', () => {
    const ok = { NODE_ENV: 'production', ISSUER: 'https://sso.example.com', COOKIE_SECRET: 'x'.repeat(40), KEY_ENCRYPTION_SECRET: 'y'.repeat(40), METRICS_TOKEN: 'm'.repeat(32) };
    expect(() => loadConfig({ ...ok, TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ ...ok, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...ok, TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toBe('10.0.0.0/8');
    expect(loadConfig({ TRUST_PROXY: 'true' }).unsafeDefaults).toContain("TRUST_PROXY=true (set a hop count or the proxies' addresses)");
  });

  test('development lists the unsafe defaults it runs with', () => {
    expect(loadConfig({}).unsafeDefaults).toEqual(expect.arrayContaining(['COOKIE_SECRET', 'ISSUER (not https)']));
  });

  test('TRUST_PROXY accepts booleans, hop counts and address lists', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8' }).trustProxy).toBe('10.0.0.0/8');
  });
});
