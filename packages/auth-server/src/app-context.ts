import type { Deps } from './deps.js';
import type { Outbox } from './outbox/outbox.js';
import type { ClientAuthLimit } from './security/client-auth-limit.js';
import type { Csrf } from './security/csrf.js';
import type { LogoutResult } from './sessions/logout.js';
import type { SessionService } from './sessions/session-service.js';

/** What routers receive: the injected dependencies plus the app-wide services built from them. */
export interface AppContext extends Deps {
  sessions: SessionService;
  csrf: Csrf;
  /** Failed client authentications per client and address (token, revocation, introspection). */
  clientAuthLimit: ClientAuthLimit;
  /** Ends a session everywhere, with back-channel logout to every client it reached. */
  logout(sid: string, reason: string): Promise<LogoutResult>;
  /** Mails and back-channel logouts: enqueue inside the transaction that causes them. */
  outbox: Outbox;
  /** After a commit that wrote mail: lets the running poller send it now rather than at its next tick. */
  wakeOutbox(): void;
  /** Records a security event in the store's audit log; never throws into the request. */
  audit(event: { type: string; accountId?: string | null; clientId?: string | null; ip?: string | null; detail?: Record<string, unknown> }): Promise<void>;
}
