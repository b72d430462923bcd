import { listConnectedApps, type ConnectedApp } from '../../accounts/connected-apps.js';
import { disconnectApp } from '../../accounts/disconnect-app.js';
import { NotFound } from '../admin-error.js';
import type { Caller, ServiceContext } from '../service-context.js';
import { findUser } from './find-user.js';
import { recordAdminEvent } from './admin-event.js';

/** The same list as the user's own account page (accounts/connected-apps.ts). */
export async function listUserApps(svc: ServiceContext, _caller: Caller, ref: string): Promise<ConnectedApp[]> {
  const account = await findUser(svc, ref);
  return listConnectedApps(svc.store, svc.config, account.id, svc.clock());
}

/** The account page's "disconnect", done by an operator (accounts/disconnect-app.ts). */
export async function revokeUserApp(svc: ServiceContext, caller: Caller, ref: string, clientId: string): Promise<{ grantsRevoked: number }> {
  const account = await findUser(svc, ref);
  const done = await disconnectApp(svc, account.id, clientId, 'admin_revoked_app');
  if (!done) throw new NotFound(`${account.username} has no grant or consent for ${clientId}`);
  await recordAdminEvent(svc, caller, 'app_disconnected', { accountId: account.id, clientId }, { grants: done.grantsRevoked });
  return done;
}
