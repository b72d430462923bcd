import { devBanner, type BannerInput } from './banner.js';

const base: BannerInput = {
  urls: {
    appA: 'http://app-a.localhost:4002',
    appB: 'http://app-b.localhost:4003',
    auth: 'http://auth.localhost:4000',
    api: 'http://api.localhost:4001',
    inbox: 'http://mail.localhost:4004',
  },
  sqlitePath: '/srv/sso/data/auth.db',
  notesDb: '/srv/sso/data/notes.db',
  realSmtp: false,
};

describe('pnpm dev banner', () => {
  it('names the SQLite file and in-memory rate limits by default', () => {
    const text = devBanner(base);
    expect(text).toContain('Auth store:     SQLite /srv/sso/data/auth.db');
    expect(text).toContain('Rate limits:    in-memory rate limits (set REDIS_URL to use Redis)');
    expect(text).toContain('Dev inbox     http://mail.localhost:4004');
    expect(text).toContain('Admin console http://auth.localhost:4000/admin');
  });

  it('on PostgreSQL and Redis names host and database, never the password, and no SQLite auth file', () => {
    const text = devBanner({
      ...base,
      databaseUrl: 'postgres://sso:s3cret-pw@db.internal:5432/sso_prod',
      redisUrl: 'redis://:r3dis-pw@cache.internal:6379',
      realSmtp: true,
    });
    expect(text).toContain('Auth store:     PostgreSQL db.internal:5432/sso_prod');
    expect(text).toContain('Rate limits:    Redis cache.internal:6379');
    expect(text).toContain('Dev inbox     (off: mail goes to SMTP_URL)');
    expect(text).not.toMatch(/s3cret-pw|r3dis-pw|sso:|auth\.db|data in/);
  });
});
