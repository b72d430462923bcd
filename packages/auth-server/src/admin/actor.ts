/**
 * Who asked for an administrative change. Every audit event a service records names its actor, so
 * the log tells an operator at the terminal from an admin in the console or a service client.
 */
export type Actor =
  | { kind: 'cli' }
  | { kind: 'admin'; accountId: string; username: string; via: 'api' | 'console' }
  | { kind: 'service'; clientId: string };

export const CLI_ACTOR: Actor = { kind: 'cli' };

/** The `by` fields of an audit event's detail. */
export function auditBy(actor: Actor): Record<string, unknown> {
  switch (actor.kind) {
    case 'cli':
      return { by: 'cli' };
    case 'admin':
      return { by: actor.via, adminId: actor.accountId, admin: actor.username };
    case 'service':
      return { by: 'api', serviceClient: actor.clientId };
  }
}
