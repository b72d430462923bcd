import type { Deps } from '../deps.js';
import type { Actor } from './actor.js';

/**
 * What the admin service layer works with: the same dependencies the running app has. The CLI
 * builds one from its store and config; the admin API and the console pass the app's own.
 */
export type ServiceContext = Pick<Deps, 'store' | 'clock' | 'config' | 'logger' | 'keys' | 'fetch'> &
  Partial<Pick<Deps, 'mailer'>> & {
    /** After a commit that queued mail: the running instance's poller sends it now. */
    wakeOutbox?: (() => void) | undefined;
  };

/** Every service call: who asks, and where from (recorded in audit events). */
export interface Caller {
  actor: Actor;
  ip?: string | null | undefined;
}
