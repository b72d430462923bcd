import type { DevStackUrls } from './topology.js';

/** What `pnpm dev` prints once everything listens: where to go, and what it runs on. */
export interface BannerInput {
  urls: DevStackUrls;
  /** The auth server's store and rate-limit backend, as given to it. */
  databaseUrl?: string | undefined;
  sqlitePath: string;
  redisUrl?: string | undefined;
  notesDb: string;
  /** SMTP_URL was set: mail leaves for a real server, no dev inbox. */
  realSmtp: boolean;
}

/** host:port/database of a connection URL; the user name and password never reach the terminal. */
function where(url: string, withPath: boolean): string {
  try {
    const u = new URL(url);
    const db = withPath ? u.pathname.replace(/^\//, '') : '';
    return `${u.host}${db ? `/${db}` : ''}`;
  } catch {
    return '(unparsable URL)';
  }
}

export function describeStore(input: Pick<BannerInput, 'databaseUrl' | 'sqlitePath'>): string {
  return input.databaseUrl ? `PostgreSQL ${where(input.databaseUrl, true)}` : `SQLite ${input.sqlitePath}`;
}

export function describeRateLimits(redisUrl: string | undefined): string {
  return redisUrl ? `Redis ${where(redisUrl, false)}` : 'in-memory rate limits (set REDIS_URL to use Redis)';
}

export function devBanner(b: BannerInput): string {
  return `
  Single sign-on demo is running

    App A         ${b.urls.appA}
    App B         ${b.urls.appB}
    Auth server   ${b.urls.auth}
    Admin console ${b.urls.auth}/admin  (sign in with the admin account)
    Resource API  ${b.urls.api}
    Dev inbox     ${b.realSmtp ? '(off: mail goes to SMTP_URL)' : `${b.urls.inbox}  (every mail the auth server sends)`}

  Auth store:     ${describeStore(b)}
  Rate limits:    ${describeRateLimits(b.redisUrl)}
  Demo notes:     SQLite ${b.notesDb} (resource API)

  Demo accounts:  demo / sunny-meadow-2026   (user)
                  admin / granite-tower-2026 (admin)

  Open App A, sign in (or sign up), then open App B: no password needed.
  Log out of either and both are signed out. Ctrl+C stops everything.

`;
}
