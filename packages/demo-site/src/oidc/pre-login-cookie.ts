import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { readCookie } from '../session/session-middleware.js';
import type { PendingAuthorization } from '../session/session-store.js';
import type { TimelineEvent } from '../session/timeline.js';

/** What the app must remember between /login and /callback, before anyone has signed in. */
export interface PreLogin {
  /** One per `state`: several tabs may sign in at once. */
  pending: PendingAuthorization[];
  /** The sign-in's steps so far, handed to the session it ends in ("how it works"). */
  timeline: TimelineEvent[];
}

/** A sign-in that takes longer is started again; the auth server's own request lives 30 minutes. */
export const PRE_LOGIN_TTL_MS = 15 * 60_000;
const MAX_PENDING = 3;
const MAX_EVENTS = 4;
/** Browsers keep cookies up to 4096 bytes; a longer returnTo is dropped rather than the sign-in. */
const MAX_RETURN_TO = 512;

/**
 * Pre-login state lives in the browser, sealed (AES-256-GCM, key derived from the client secret,
 * the cookie name as associated data) and short-lived, so an anonymous GET /login costs the app no
 * memory at all: a flood of them cannot grow the session store (OWASP Session Management Cheat
 * Sheet: no server-side state for unauthenticated visitors). Sealed, not just signed: the PKCE
 * verifier and nonce are secrets of this browser's sign-in.
 */
export function preLoginCookie(config: Config, clock: Clock) {
  const name = `${config.cookieName}_login`;
  const key = Buffer.from(hkdfSync('sha256', config.clientSecret, name, 'demo-site pre-login cookie v1', 32));
  const options = { httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, path: '/' };

  function seal(value: PreLogin): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(name));
    const body = Buffer.concat([cipher.update(JSON.stringify(value)), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  function open(raw: string): PreLogin | undefined {
    try {
      const bytes = Buffer.from(raw, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12)).setAAD(Buffer.from(name));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      const text = Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString();
      return JSON.parse(text) as PreLogin;
    } catch {
      return undefined; // tampered, from another app, or sealed under an old secret
    }
  }

  return {
    read(req: Request): PreLogin {
      const raw = readCookie(req.headers.cookie, name);
      const value = raw ? open(raw) : undefined;
      const now = clock.now();
      return {
        pending: (value?.pending ?? []).filter((p) => now - p.startedAt < PRE_LOGIN_TTL_MS),
        timeline: value?.timeline ?? [],
      };
    },
    write(res: Response, value: PreLogin): void {
      if (value.pending.length === 0) {
        res.clearCookie(name, options);
        return;
      }
      const pending = value.pending.slice(-MAX_PENDING).map((p) => ({ ...p, returnTo: p.returnTo.length > MAX_RETURN_TO ? '/' : p.returnTo }));
      res.cookie(name, seal({ pending, timeline: value.timeline.slice(-MAX_EVENTS) }), { ...options, maxAge: PRE_LOGIN_TTL_MS });
    },
  };
}

export type PreLoginCookie = ReturnType<typeof preLoginCookie>;
