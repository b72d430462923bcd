import type { Request, Response } from 'express';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config/config.js';
import { sealedCookie } from './sealed-cookie.js';

/** Console idle timeout: an unattended admin tab stops working after this. */
export const CONSOLE_IDLE_MS = 30 * 60_000;
/** However active, a console session ends this long after sign-in (OWASP Session Management: absolute timeout). */
export const CONSOLE_ABSOLUTE_MS = 8 * 3600_000;

export interface ConsoleSession {
  accountId: string;
  username: string;
  /** acr of the sign-in (OIDC Core §2), compared with the account's factors on every request. */
  acr: string;
  /** The ID token, sent as id_token_hint for RP-initiated logout. */
  idToken: string;
  signedInAt: number;
  lastSeenAt: number;
}

/**
 * The console's own session, separate from the SSO session: a sealed cookie scoped to /admin. Idle
 * and absolute expiry are checked against the injected clock; each request slides the idle one.
 */
export function consoleSessions(config: Config, clock: Clock) {
  const cookie = sealedCookie<ConsoleSession>(config.cookieSecret, {
    name: 'sso_admin',
    label: 'admin-console-session',
    path: '/admin',
    secure: config.secureCookies,
  });
  return {
    async read(req: Request): Promise<ConsoleSession | undefined> {
      const s = await cookie.read(req);
      const now = clock();
      if (!s || typeof s.accountId !== 'string' || typeof s.signedInAt !== 'number' || typeof s.lastSeenAt !== 'number') return undefined;
      if (now - s.lastSeenAt > CONSOLE_IDLE_MS || now - s.signedInAt > CONSOLE_ABSOLUTE_MS) return undefined;
      return s;
    },
    start: (res: Response, s: Omit<ConsoleSession, 'signedInAt' | 'lastSeenAt'>) =>
      cookie.write(res, { ...s, signedInAt: clock(), lastSeenAt: clock() }),
    /** Slides the idle expiry; rewritten at most once a minute to spare the crypto on busy pages. */
    async touch(res: Response, s: ConsoleSession): Promise<void> {
      if (clock() - s.lastSeenAt >= 60_000) await cookie.write(res, { ...s, lastSeenAt: clock() });
    },
    end: (res: Response) => cookie.clear(res),
  };
}

export type ConsoleSessions = ReturnType<typeof consoleSessions>;
