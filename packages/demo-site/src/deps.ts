import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { OidcClient } from './oidc/oidc-client.js';
import type { SessionStore } from './session/session-store.js';

/** Everything the app talks to, passed in so tests can swap the clock or the auth server's metadata. */
export interface AppDeps {
  oidc: OidcClient;
  sessions: SessionStore;
  clock: Clock;
  logger: Logger;
  /** Outbound fetch for the resource API (loopbackFetch by default: *.localhost → 127.0.0.1). */
  fetch: typeof fetch;
}
