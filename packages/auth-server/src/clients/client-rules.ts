import { uriRefusal, type OutboundPolicy } from '../security/outbound-address.js';
import { GRANT_TYPES, type ScopeRegistry } from '../apis/registry.js';
import { InvalidInput } from '../admin/admin-error.js';
import type { Client } from './client.js';

export { GRANT_TYPES };
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/;
const LOOPBACK = /^(localhost|127\.0\.0\.1|\[::1\]|[a-z0-9-]+(\.[a-z0-9-]+)*\.localhost)$/i;

/** What registration checks addresses against: production or not, and the private-network allow-list. */
export type UriPolicy = Pick<OutboundPolicy, 'production' | 'allowed'>;

/**
 * RFC 6749 §3.1.2: absolute, no fragment. RFC 9700 §4.1.1 / §2.6: https, except plain http for
 * loopback and `*.localhost` (RFC 6761 §6.3), which never leave the machine. In production no
 * loopback, private, link-local or metadata address (security/outbound-address.ts).
 */
export function checkClientUri(value: string, what: string, policy: UriPolicy, field?: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidInput(`${what} must be an absolute URL: ${value}`, field);
  }
  if (value.includes('#')) throw new InvalidInput(`${what} must not contain a fragment (RFC 6749 §3.1.2): ${value}`, field);
  if (url.username || url.password) throw new InvalidInput(`${what} must not contain credentials: ${value}`, field);
  const refused = uriRefusal(url, policy);
  if (refused) throw new InvalidInput(`${what} must not point to ${refused}: ${value}`, field);
  if (url.protocol === 'https:') return value;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return value;
  if (url.protocol === 'http:') throw new InvalidInput(`${what} must use https (http only for localhost): ${value}`, field);
  throw new InvalidInput(`${what} must be an https URL: ${value}`, field);
}

export type ClientShape = Pick<
  Client,
  'name' | 'redirectUris' | 'postLogoutRedirectUris' | 'backchannelLogoutUri' | 'grantTypes' | 'scopes' | 'firstParty' | 'pkceRequired'
> & { isPublic: boolean };

export function checkClientId(clientId: string): string {
  if (!CLIENT_ID_PATTERN.test(clientId)) {
    throw new InvalidInput('The client id must be 3 to 64 characters: letters, digits, dot, dash, underscore', 'client_id');
  }
  return clientId;
}

/**
 * The rules every registered client satisfies; run on create and after every update, whether the
 * CLI, the admin API or the console asks. Its scopes must be OpenID Connect scopes or those of a
 * registered API.
 */
export function checkClientShape(c: ClientShape, registry: Pick<ScopeRegistry, 'known' | 'scopeNames'>, policy: UriPolicy): ClientShape {
  const name = c.name.trim();
  if (!name || name.length > 100) throw new InvalidInput('The name must be 1 to 100 characters', 'name');
  const grantTypes = [...new Set(c.grantTypes)];
  const scopes = [...new Set(c.scopes)];
  if (grantTypes.length === 0) throw new InvalidInput('At least one grant type is required', 'grant_types');
  for (const g of grantTypes) {
    if (!(GRANT_TYPES as readonly string[]).includes(g)) throw new InvalidInput(`Unknown grant type ${g}; use one of ${GRANT_TYPES.join(', ')}`, 'grant_types');
  }
  for (const s of scopes) {
    if (!registry.known(s)) {
      throw new InvalidInput(`Unknown scope ${s}; use one of ${registry.scopeNames.join(', ')}, or register an API that defines it`, 'scopes');
    }
  }
  const has = (g: string) => grantTypes.includes(g);
  if (has('refresh_token') && !has('authorization_code')) throw new InvalidInput('refresh_token needs the authorization_code grant type', 'grant_types');
  // RFC 6749 §4.4: the client credentials grant is for confidential clients only.
  if (has('client_credentials') && c.isPublic) throw new InvalidInput('A public client cannot use client_credentials', 'grant_types');
  if (has('authorization_code') && c.redirectUris.length === 0) throw new InvalidInput('authorization_code needs at least one redirect URI', 'redirect_uris');
  if (scopes.includes('offline_access') && !has('refresh_token')) throw new InvalidInput('offline_access needs the refresh_token grant type', 'scopes');
  if (scopes.length === 0) throw new InvalidInput('At least one scope is required', 'scopes');
  // RFC 9700 §2.1.1: a public client has no secret to bind the code to; PKCE is its only protection.
  if (!c.pkceRequired && c.isPublic) throw new InvalidInput('A public client cannot have PKCE optional', 'pkce_required');
  return {
    ...c,
    name,
    grantTypes,
    scopes,
    redirectUris: [...new Set(c.redirectUris.map((u) => checkClientUri(u, 'redirect URI', policy, 'redirect_uris')))],
    postLogoutRedirectUris: [...new Set(c.postLogoutRedirectUris.map((u) => checkClientUri(u, 'post-logout redirect URI', policy, 'post_logout_redirect_uris')))],
    // Back-Channel Logout 1.0 §2.2: absolute, no fragment.
    backchannelLogoutUri:
      c.backchannelLogoutUri === null ? null : checkClientUri(c.backchannelLogoutUri, 'back-channel logout URI', policy, 'backchannel_logout_uri'),
  };
}

/** Scopes a new client gets when none are named. */
export function defaultScopes(grantTypes: string[]): string[] {
  if (!grantTypes.includes('authorization_code')) return [];
  return ['openid', 'profile', 'email', ...(grantTypes.includes('refresh_token') ? ['offline_access'] : [])];
}
