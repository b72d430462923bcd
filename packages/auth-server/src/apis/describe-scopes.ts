import type { ScopeRegistry } from './registry.js';

/** Scopes as a person reads them: grouped under "your account" or the API they open, each described. */
export interface ScopeGroup {
  /** "Your account" for OpenID Connect scopes, else the API's name. */
  title: string;
  /** The API's identifier; absent for the account group. */
  api?: string;
  scopes: { name: string; description: string; isNew: boolean }[];
}

/** `granted` marks what was approved before, so the consent page can point at what is new. */
export function describeScopes(registry: ScopeRegistry, scopes: readonly string[], granted: readonly string[] = scopes): ScopeGroup[] {
  const groups = new Map<string, ScopeGroup>();
  for (const name of scopes) {
    const api = registry.apiOf(name);
    const key = api?.identifier ?? '';
    const group = groups.get(key) ?? { title: api?.name ?? 'Your account', ...(api && { api: api.identifier }), scopes: [] };
    group.scopes.push({ name, description: registry.describe(name), isNew: !granted.includes(name) });
    groups.set(key, group);
  }
  // The account group first, then the APIs by name.
  return [...groups.values()].sort((a, b) => (a.api ? 1 : 0) - (b.api ? 1 : 0) || a.title.localeCompare(b.title));
}
