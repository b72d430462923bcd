import { loopbackFetch } from '@sso/shared';
import { CLI_ACTOR } from '../admin/actor.js';
import type { Caller, ServiceContext } from '../admin/service-context.js';
import { createKeyStore } from '../keys/db-key-store.js';
import { createLogger } from '../logger.js';
import type { CliContext } from './cli-context.js';

/**
 * The admin service layer's context for a command: the CLI's store and clock, the store's signing
 * keys (back-channel logout tokens) and no mailer: mail is queued in the outbox for the server.
 */
export const cliServiceContext = (ctx: CliContext): ServiceContext => ({
  store: ctx.store,
  clock: ctx.clock,
  config: ctx.config,
  keys: createKeyStore(ctx),
  logger: createLogger('silent'),
  fetch: loopbackFetch,
});

export const CLI_CALLER: Caller = { actor: CLI_ACTOR };
