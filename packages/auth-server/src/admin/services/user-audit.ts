import { auditBy } from '../actor.js';
import type { Caller, ServiceContext } from '../service-context.js';

/** One audit event of a change to an account, naming who made it (actor.ts). */
export const recordUserEvent = (
  svc: ServiceContext,
  caller: Caller,
  type: string,
  accountId: string,
  detail: Record<string, unknown> = {},
  clientId: string | null = null,
): Promise<void> =>
  svc.store.audit.record({ type, accountId, clientId, ip: caller.ip ?? null, detail: { ...auditBy(caller.actor), ...detail } }, svc.clock());
