import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { TimelineEvent } from './timeline.js';

/** What the app keeps between the redirect to /authorize and the callback (one per `state`, in the pre-login cookie). */
export interface PendingAuthorization {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
  /** prompt=none attempt: a code back means the auth server already had a session (SSO). */
  silent: boolean;
  /** The landing page's silent check: `login_required` returns to the page instead of the login form. */
  probe?: boolean;
  startedAt: number;
}

export interface TokenSet {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms; undefined when the server sent no expires_in. */
  accessTokenExpiresAt?: number;
  scope?: string;
}

export interface SignedInUser {
  sub: string;
  /** Auth-server session id from the ID token (Back-Channel Logout 1.0 §2.1). */
  sid?: string;
  name: string;
  claims: Record<string, unknown>;
  signedInAt: number;
  /** auth_time was before this app asked: the visitor did not type a password for this sign-in. */
  viaSso: boolean;
}

/** Server-side session; tokens live here and never reach the browser. */
export interface Session {
  id: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  user?: SignedInUser;
  tokens?: TokenSet;
  timeline: TimelineEvent[];
  /** One-shot message for the next page (e.g. "signed out"). */
  flash?: string;
  logoutState?: string;
}

const newId = () => randomBytes(32).toString('base64url');

/**
 * In-memory session store. Ids are 256-bit random values, so the cookie needs no signature; a
 * restart forgets every session, which for a demo is the same as signing everyone out.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  readonly #ttlMs: number;
  readonly #clock: Clock;

  constructor(ttlSeconds: number, clock: Clock) {
    this.#ttlMs = ttlSeconds * 1000;
    this.#clock = clock;
  }

  create(): Session {
    const now = this.#clock.now();
    const session: Session = {
      id: newId(),
      csrfToken: newId(),
      createdAt: now,
      lastSeenAt: now,
      timeline: [],
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.#sessions.get(id);
    if (!session) return undefined;
    const now = this.#clock.now();
    if (now - session.lastSeenAt > this.#ttlMs) {
      this.#sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = now;
    return session;
  }

  /** New id and CSRF token for the same data: a sign-in must not keep a pre-login id (fixation). */
  rotate(session: Session): Session {
    this.#sessions.delete(session.id);
    const rotated: Session = { ...session, id: newId(), csrfToken: newId(), lastSeenAt: this.#clock.now() };
    this.#sessions.set(rotated.id, rotated);
    return rotated;
  }

  destroy(id: string): void {
    this.#sessions.delete(id);
  }

  /**
   * Ends the sessions a logout token names (Back-Channel Logout 1.0 §2.7): by auth-server session
   * `sid` when given, otherwise every session of `sub`. Returns the sessions it ended.
   */
  destroyMatching(match: { sid?: string; sub?: string }): Session[] {
    const ended: Session[] = [];
    for (const [id, s] of this.#sessions) {
      if (!s.user) continue;
      const sidMatches = match.sid !== undefined && s.user.sid === match.sid;
      const subMatches = match.sub !== undefined && s.user.sub === match.sub;
      const hit = match.sid !== undefined ? sidMatches && (match.sub === undefined || subMatches) : subMatches;
      if (hit) {
        this.#sessions.delete(id);
        ended.push(s);
      }
    }
    return ended;
  }

  sweep(): void {
    const now = this.#clock.now();
    for (const [id, s] of this.#sessions) if (now - s.lastSeenAt > this.#ttlMs) this.#sessions.delete(id);
  }

  get size(): number {
    return this.#sessions.size;
  }
}
