import { describeScopes, type ScopeGroup } from '../apis/describe-scopes.js';
import { loadRegistry } from '../apis/registry.js';
import type { Config } from '../config/config.js';
import type { Store } from '../store/types.js';

export interface ConnectedApp {
  clientId: string;
  name: string;
  scopes: string[];
  /** The scopes described, grouped by API, as the consent page showed them. */
  groups: ScopeGroup[];
  since: number;
  /** Live grants (each with its refresh tokens); 0 when only a remembered consent is left. */
  grants: number;
}

/**
 * The apps an account let in: remembered consents and live grants, merged per client. The account
 * page and the admin services both show this list, so an operator sees what the user sees.
 */
export async function listConnectedApps(store: Store, config: Pick<Config, 'issuer'>, accountId: string, now: number): Promise<ConnectedApp[]> {
  const [grants, consents] = await Promise.all([store.grants.listActiveByAccount(accountId, now), store.consents.listByAccount(accountId)]);
  const apps = new Map<string, ConnectedApp>();
  const add = (clientId: string, scopes: string[], since: number, grant: number) => {
    const app = apps.get(clientId) ?? { clientId, name: clientId, scopes: [], groups: [], since, grants: 0 };
    app.scopes = [...new Set([...app.scopes, ...scopes])];
    app.since = Math.min(app.since, since);
    app.grants += grant;
    apps.set(clientId, app);
  };
  for (const c of consents) add(c.clientId, c.scopes, c.createdAt, 0);
  for (const g of grants) add(g.clientId, g.scope.split(' ').filter(Boolean), g.createdAt, 1);
  const registry = await loadRegistry(store, config);
  for (const app of apps.values()) {
    app.name = (await store.clients.findById(app.clientId))?.name ?? app.clientId;
    app.groups = describeScopes(registry, app.scopes);
  }
  return [...apps.values()].sort((a, b) => a.name.localeCompare(b.name));
}
