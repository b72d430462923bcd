import type { Store } from '../../store/types.js';
import type { Api, ApiScope } from '../../apis/api.js';

/** An API as the admin surfaces show it: never its introspection secret's hash. */
export interface ApiView {
  identifier: string;
  name: string;
  scopes: ApiScope[];
  /** Seconds; null: the server's ACCESS_TOKEN_TTL. */
  accessTokenTtl: number | null;
  includeRoles: boolean;
  hasIntrospectionSecret: boolean;
  /** Registered by the server itself (the admin API): read-only here. */
  builtIn: boolean;
  createdAt: number;
  updatedAt: number;
}

export const apiView = (a: Api, builtIn: boolean): ApiView => ({
  identifier: a.identifier,
  name: a.name,
  scopes: a.scopes,
  accessTokenTtl: a.accessTokenTtl,
  includeRoles: a.includeRoles,
  hasIntrospectionSecret: a.secretHash !== null,
  builtIn,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
});

/** Ids of the clients allowed any of `scopes`, over every page of clients. */
export async function clientsUsing(store: Pick<Store, 'clients'>, scopes: readonly string[]): Promise<string[]> {
  const users: string[] = [];
  if (scopes.length === 0) return users;
  for (let after: string | undefined, page = await store.clients.list({ limit: 1000 }); page.length > 0; ) {
    for (const c of page) if (c.scopes.some((s) => scopes.includes(s))) users.push(c.clientId);
    if (page.length < 1000) break;
    after = page.at(-1)!.clientId;
    page = await store.clients.list({ after, limit: 1000 });
  }
  return users;
}
