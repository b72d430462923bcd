import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has working defaults and is frozen', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4001,
      issuer: 'http://auth.localhost:4000',
      audience: 'http://api.localhost:4001',
      jwksUri: 'http://auth.localhost:4000/jwks',
      corsOrigins: ['http://app-a.localhost:4002', 'http://app-b.localhost:4003'],
      notesDb: './data/notes.db',
      databaseUrl: undefined,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.defaultsInUse).toEqual(['ISSUER', 'AUDIENCE']);
  });

  it('derives the JWKS URI from the issuer unless given', () => {
    expect(loadConfig({ ISSUER: 'https://id.example.com/' }).jwksUri).toBe('https://id.example.com/jwks');
    expect(loadConfig({ JWKS_URI: 'http://127.0.0.1:9/keys' }).jwksUri).toBe('http://127.0.0.1:9/keys');
  });

  it('sizes the verified-token cache, 0 turning it off', () => {
    expect(loadConfig({}).tokenCacheMax).toBe(10_000);
    expect(loadConfig({ TOKEN_CACHE_MAX: '0' }).tokenCacheMax).toBe(0);
    expect(loadConfig({ TOKEN_CACHE_MAX: '250' }).tokenCacheMax).toBe(250);
    for (const bad of ['-1', '1.5', 'lots', '1000001']) expect(() => loadConfig({ TOKEN_CACHE_MAX: bad })).toThrow(/TOKEN_CACHE_MAX/);
  });

  it('lists every invalid variable', () => {
    expect(() => loadConfig({ PORT: 'abc', ISSUER: 'ftp://x' })).toThrow(/PORT[\s\S]*ISSUER/);
  });

  it('refuses to start in production on development defaults', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ISSUER, AUDIENCE/);
    expect(loadConfig({ NODE_ENV: 'production', ISSUER: 'https://id.example.com', AUDIENCE: 'https://api.example.com' }).env).toBe('production');
  });
});
