import type { Request, RequestHandler, Response } from 'express';
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import { clientIp } from '../http/params.js';
import { cookieSettings, readCookie } from '../http/cookies.js';
import type { Store } from '../store/types.js';
import { hashToken, randomBase64url, randomToken } from '../tokens/opaque.js';
import type { Account } from '../accounts/account.js';
import type { Session } from './session.js';


/**
 * The auth server's own browser sessions. The cookie holds 256 random bits; the store keeps only
 * their hash, so a leaked database cannot be replayed as cookies. `sid` is a separate public id
 * used in ID and logout tokens (OpenID Back-Channel Logout §2.1).
 */
export function createSessionService(deps: { config: Config; store: Store; clock: Clock }) {
  const { config, store, clock } = deps;
  const cookies = cookieSettings(config.secureCookies);
  const cookieName = cookies.name('sso_session');
  const ttlMs = config.ttl.session * 1000;

  async function load(req: Request): Promise<{ session: Session; account: Account } | undefined> {
    const raw = readCookie(req, cookieName);
    if (!raw || raw.length > 128) return undefined;
    const session = await store.sessions.findByIdHash(hashToken(raw));
    const now = clock();
    if (!session || session.endedAt !== null || session.expiresAt <= now) return undefined;
    const account = await store.accounts.findById(session.accountId);
    // Disabling ends the sessions too; this covers one that raced the disable.
    if (!account || account.disabledAt !== null) return undefined;
    // Sliding expiry, written at most once a minute to spare the store.
    if (now - session.lastSeenAt > 60_000) {
      await store.sessions.touch(session.idHash, now, now + ttlMs);
    }
    return { session, account };
  }

  return {
    cookieName,

    /** Middleware: sets req.authSession for a valid session cookie. */
    middleware(): RequestHandler {
      return async (req, _res, next) => {
        try {
          const found = await load(req);
          if (found) req.authSession = found;
          next();
        } catch (err) {
          next(err);
        }
      };
    },

    /**
     * Signs the account in on this browser with a new cookie value, so an id planted before login is
     * worthless (session fixation). The same account signing in again (prompt=login, max_age) keeps
     * its session and `sid`, so the apps it reached are still told at logout; a different account
     * gets a new session (the caller has ended the previous one everywhere).
     */
    async start(req: Request, res: Response, account: Account): Promise<Session> {
      const raw = randomToken();
      const now = clock();
      const previous = req.authSession;
      let session: Session;
      if (previous && previous.account.id === account.id) {
        await store.sessions.renew(previous.session.sid, hashToken(raw), now, now + ttlMs);
        session = { ...previous.session, idHash: hashToken(raw), authTime: now, lastSeenAt: now, expiresAt: now + ttlMs };
      } else {
        // The browser's previous session ends as the new one starts: never both, never neither.
        session = await store.transaction(async (tx) => {
          if (previous) await tx.sessions.end(previous.session.sid, now);
          return tx.sessions.create({
            idHash: hashToken(raw),
            sid: randomBase64url(16),
            accountId: account.id,
            authTime: now,
            createdAt: now,
            lastSeenAt: now,
            expiresAt: now + ttlMs,
            userAgent: (req.get('user-agent') ?? '').slice(0, 256) || null,
            ip: clientIp(req),
          });
        });
      }
      res.cookie(cookieName, raw, { ...cookies.options, maxAge: ttlMs });
      req.authSession = { session, account };
      return session;
    },

    /** Ends this browser's session and clears its cookie. */
    async end(req: Request, res: Response): Promise<Session | undefined> {
      const current = req.authSession?.session;
      if (current) await store.sessions.end(current.sid, clock());
      res.clearCookie(cookieName, cookies.options);
      delete req.authSession;
      return current;
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
