/** A registered API (resource server, RFC 8707) with its scopes. */
/** A scope an API defines; its description is what consent and account pages show. */
export interface ApiScope {
  name: string;
  description: string;
}

/** A resource server (API): tokens for it carry its identifier as `aud` (RFC 8707, RFC 9068 §3). */
export interface Api {
  /** Absolute URI; the `aud` of its access tokens and its `resource` indicator. */
  identifier: string;
  name: string;
  scopes: ApiScope[];
  /** Seconds; null means the server's ACCESS_TOKEN_TTL. */
  accessTokenTtl: number | null;
  /** Whether its tokens carry the user's roles. */
  includeRoles: boolean;
  /** Hash of the secret the API uses at /introspect; null when it has none. */
  secretHash: string | null;
  createdAt: number;
  updatedAt: number;
}

export type NewApi = Omit<Api, 'createdAt' | 'updatedAt'>;

export type ApiPatch = Partial<Omit<Api, 'identifier' | 'createdAt' | 'updatedAt'>>;
