import { auditBy } from '../actor.js';
import type { Caller, ServiceContext } from '../service-context.js';

/**
 * One audit event of an administrative change, naming who made it (actor.ts) and what it was about.
 * Every admin service records through here, so the CLI, the API and the console log alike.
 */
export const recordAdminEvent = (
  svc: Pick<ServiceContext, 'store' | 'clock'>,
  caller: Caller,
  type: string,
  about: { accountId?: string | null; clientId?: string | null },
  detail: Record<string, unknown> = {},
): Promise<void> =>
  svc.store.audit.record(
    { type, accountId: about.accountId ?? null, clientId: about.clientId ?? null, ip: caller.ip ?? null, detail: { ...auditBy(caller.actor), ...detail } },
    svc.clock(),
  );
