import { uriRefusal, type OutboundPolicy } from '../security/outbound-address.js';
import { GRANT_TYPES, type ScopeRegistry } from '../apis/registry.js';
import type { Client } from '../store/types.js';
import { UsageError } from './cli-context.js';

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
export function checkClientUri(value: string, what: string, policy: UriPolicy): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${what} must be an absolute URL: ${value}`);
  }
  if (value.includes('#')) throw new UsageError(`${what} must not contain a fragment (RFC 6749 §3.1.2): ${value}`);
  if (url.username || url.password) throw new UsageError(`${what} must not contain credentials: ${value}`);
  const refused = uriRefusal(url, policy);
  if (refused) throw new UsageError(`${what} must not point to ${refused}: ${value}`);
  if (url.protocol === 'https:') return value;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return value;
  if (url.protocol === 'http:') throw new UsageError(`${what} must use https (http only for localhost): ${value}`);
  throw new UsageError(`${what} must be an https URL: ${value}`);
}

export type ClientShape = Pick<
  Client,
  'name' | 'redirectUris' | 'postLogoutRedirectUris' | 'backchannelLogoutUri' | 'grantTypes' | 'scopes' | 'firstParty' | 'pkceRequired'
> & { isPublic: boolean };

/** `--pkce required|optional`: optional is weaker and only for confidential clients. */
export function parsePkceOption(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'required') return true;
  if (value === 'optional') return false;
  throw new UsageError(`--pkce must be required or optional: ${value}`);
}

/**
 * The rules every registered client satisfies; run on create and after every update. Its scopes
 * must be OpenID Connect scopes or those of a registered API (`pnpm admin apis create`).
 */
export function checkClientShape(c: ClientShape, registry: Pick<ScopeRegistry, 'known' | 'scopeNames'>, policy: UriPolicy): ClientShape {
  const name = c.name.trim();
  if (!name || name.length > 100) throw new UsageError('--name must be 1 to 100 characters');
  const grantTypes = [...new Set(c.grantTypes)];
  const scopes = [...new Set(c.scopes)];
  if (grantTypes.length === 0) throw new UsageError('At least one --grant-type is required');
  for (const g of grantTypes) {
    if (!(GRANT_TYPES as readonly string[]).includes(g)) throw new UsageError(`Unknown grant type ${g}; use one of ${GRANT_TYPES.join(', ')}`);
  }
  for (const s of scopes) {
    if (!registry.known(s)) {
      throw new UsageError(`Unknown scope ${s}; use one of ${registry.scopeNames.join(', ')}, or register an API that defines it (apis create)`);
    }
  }
  const has = (g: string) => grantTypes.includes(g);
  if (has('refresh_token') && !has('authorization_code')) throw new UsageError('refresh_token needs the authorization_code grant type');
  // RFC 6749 §4.4: the client credentials grant is for confidential clients only.
  if (has('client_credentials') && c.isPublic) throw new UsageError('A public client cannot use client_credentials');
  if (has('authorization_code') && c.redirectUris.length === 0) throw new UsageError('authorization_code needs at least one --redirect-uri');
  if (scopes.includes('offline_access') && !has('refresh_token')) throw new UsageError('offline_access needs the refresh_token grant type');
  if (scopes.length === 0) throw new UsageError('At least one --scope is required');
  // RFC 9700 §2.1.1: a public client has no secret to bind the code to; PKCE is its only protection.
  if (!c.pkceRequired && c.isPublic) throw new UsageError('A public client cannot have PKCE optional');
  return {
    ...c,
    name,
    grantTypes,
    scopes,
    redirectUris: [...new Set(c.redirectUris.map((u) => checkClientUri(u, 'redirect URI', policy)))],
    postLogoutRedirectUris: [...new Set(c.postLogoutRedirectUris.map((u) => checkClientUri(u, 'post-logout redirect URI', policy)))],
    // Back-Channel Logout 1.0 §2.2: absolute, no fragment.
    backchannelLogoutUri: c.backchannelLogoutUri === null ? null : checkClientUri(c.backchannelLogoutUri, 'back-channel logout URI', policy),
  };
}

/** Scopes a new client gets when none are named. */
export function defaultScopes(grantTypes: string[]): string[] {
  if (!grantTypes.includes('authorization_code')) return [];
  return ['openid', 'profile', 'email', ...(grantTypes.includes('refresh_token') ? ['offline_access'] : [])];
}
