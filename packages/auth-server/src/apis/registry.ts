import type { Config } from '../config/config.js';
import type { Store } from '../store/types.js';
import type { Api } from './api.js';

/** OpenID Connect scopes (Core §5.4, §11): what they release and how consent pages describe them. */
export const OIDC_SCOPES: readonly { name: string; description: string; claims: readonly string[] }[] = [
  { name: 'openid', description: 'Sign you in with your account', claims: ['sub'] },
  { name: 'profile', description: 'See your name and username', claims: ['name', 'preferred_username'] },
  { name: 'email', description: 'See your email address', claims: ['email', 'email_verified'] },
  { name: 'offline_access', description: 'Stay connected when you are not using it', claims: [] },
];

/** Grant types the token endpoint implements; discovery and client validation read this list. */
export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;

/** Claims this server issues in ID tokens, access tokens or userinfo. */
export const CLAIMS_SUPPORTED = [
  'sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash', 'sid', 'acr', 'amr',
  ...OIDC_SCOPES.flatMap((s) => s.claims.filter((c) => c !== 'sub')),
  'roles',
] as const;

/** Endpoint paths under the issuer, for discovery (Discovery 1.0 §3). */
export const ENDPOINTS = {
  authorization_endpoint: '/authorize',
  token_endpoint: '/token',
  userinfo_endpoint: '/userinfo',
  jwks_uri: '/jwks',
  revocation_endpoint: '/revoke',
  introspection_endpoint: '/introspect',
  end_session_endpoint: '/end-session',
} as const;

const OIDC_NAMES = new Set(OIDC_SCOPES.map((s) => s.name));
export const isOidcScope = (scope: string): boolean => OIDC_NAMES.has(scope);

/**
 * Every scope the server knows at one moment: the OpenID Connect ones plus those of the registered
 * APIs. Discovery, the consent and account pages, client validation and the token endpoint all ask
 * this one object.
 */
export interface ScopeRegistry {
  readonly apis: readonly Api[];
  /** The userinfo endpoint's URL: the audience (and resource indicator) of tokens for no API. */
  readonly userinfo: string;
  /** OIDC scopes first, then each API's, in registration order. */
  readonly scopeNames: readonly string[];
  known(scope: string): boolean;
  /** The API a scope belongs to; undefined for OIDC scopes and unknown ones. */
  apiOf(scope: string): Api | undefined;
  api(identifier: string): Api | undefined;
  describe(scope: string): string;
}

export function buildRegistry(apis: readonly Api[], issuer: string): ScopeRegistry {
  const byScope = new Map<string, { api: Api; description: string }>();
  for (const api of apis) for (const s of api.scopes) byScope.set(s.name, { api, description: s.description });
  const byIdentifier = new Map(apis.map((a) => [a.identifier, a]));
  const oidcDescriptions = new Map(OIDC_SCOPES.map((s) => [s.name, s.description]));
  return {
    apis,
    userinfo: `${issuer}${ENDPOINTS.userinfo_endpoint}`,
    scopeNames: [...OIDC_SCOPES.map((s) => s.name), ...byScope.keys()],
    known: (scope) => OIDC_NAMES.has(scope) || byScope.has(scope),
    apiOf: (scope) => byScope.get(scope)?.api,
    api: (identifier) => byIdentifier.get(identifier),
    describe: (scope) => oidcDescriptions.get(scope) ?? byScope.get(scope)?.description ?? scope,
  };
}

const built = new WeakMap<readonly Api[], { issuer: string; registry: ScopeRegistry }>();

/**
 * The registry as the store holds it now. The store keeps its API list a short while
 * (store/cached-apis.ts) and hands out the same list until it changes, so the registry built from
 * it is kept with it.
 */
export async function loadRegistry(store: Pick<Store, 'apis'>, config: Pick<Config, 'issuer'>): Promise<ScopeRegistry> {
  const apis = await store.apis.list();
  const hit = built.get(apis);
  if (hit?.issuer === config.issuer) return hit.registry;
  const registry = buildRegistry(apis, config.issuer);
  built.set(apis, { issuer: config.issuer, registry });
  return registry;
}
