import { loopbackFetch } from '@sso/shared';
import type { ServiceContext } from '../admin/service-context.js';
import { createKeyStore } from '../keys/db-key-store.js';
import { createLogger } from '../logger.js';
import type { CliContext } from './cli-context.js';

/**
 * The admin service layer's context for a CLI command: the command's store, clock and config, a key
 * store over the same store, warnings only in the log. No mailer: mail waits in the outbox for a
 * running server to send.
 */
export function cliServiceContext(ctx: CliContext): ServiceContext {
  return {
    store: ctx.store,
    clock: ctx.clock,
    config: ctx.config,
    logger: createLogger('warn'),
    keys: createKeyStore(ctx),
    fetch: loopbackFetch,
  };
}
