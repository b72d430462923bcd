import type { Introspector } from './authenticate-introspector.js';

/** What introspection knows about a token when deciding who may learn about it. */
export interface TokenParties {
  /** The client the token was issued to. */
  clientId: string;
  /** Who the token is meant for (`aud`); none for refresh tokens, which only their client uses. */
  audiences: string[];
}

/** One way a caller can be entitled to a token's details. */
export type IntrospectionRule = (caller: Introspector, token: TokenParties) => boolean;

/**
 * RFC 7662 §4: the server should tell a caller about a token only when it is a party to it, or
 * introspection becomes a way to scan for and read other clients' tokens. A caller is a party when
 * it is the token's client, or the resource server the token is meant for: a client whose id is in
 * `aud`, or a registered API (authenticated with its own credentials) whose identifier is. To admit
 * another kind of party, add a rule here.
 */
export const INTROSPECTION_RULES: readonly IntrospectionRule[] = [
  (caller, token) => caller.kind === 'client' && caller.client.clientId === token.clientId,
  (caller, token) => caller.kind === 'client' && token.audiences.includes(caller.client.clientId),
  (caller, token) => caller.kind === 'api' && token.audiences.includes(caller.api.identifier),
];

export const mayIntrospect = (caller: Introspector, token: TokenParties): boolean => INTROSPECTION_RULES.some((rule) => rule(caller, token));

/** `aud` as a list (RFC 7519 §4.1.3 allows a string or an array). */
export const audiencesOf = (aud: unknown): string[] =>
  typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
