import type { Client } from '../../clients/client.js';

/** A client as the admin surfaces show it: never its secret hash. */
export interface ClientSummary {
  clientId: string;
  name: string;
  type: 'public' | 'confidential';
  grantTypes: string[];
  firstParty: boolean;
}

export interface ClientView extends ClientSummary {
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  scopes: string[];
  pkceRequired: boolean;
  requireVerifiedEmail: boolean;
  requireMfa: boolean;
  /** Until when the secret replaced by the last rotation still works (epoch ms); null: it does not. */
  previousSecretValidUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

export const clientSummary = (c: Client): ClientSummary => ({
  clientId: c.clientId,
  name: c.name,
  type: c.secretHash === null ? 'public' : 'confidential',
  grantTypes: c.grantTypes,
  firstParty: c.firstParty,
});

/** `now` (epoch ms): a previous secret whose grace has run out is shown as gone, as it is to /token. */
export const clientView = (c: Client, requireMfa: boolean, now: number): ClientView => ({
  ...clientSummary(c),
  redirectUris: c.redirectUris,
  postLogoutRedirectUris: c.postLogoutRedirectUris,
  backchannelLogoutUri: c.backchannelLogoutUri,
  scopes: c.scopes,
  pkceRequired: c.pkceRequired,
  requireVerifiedEmail: c.requireVerifiedEmail ?? false,
  requireMfa,
  previousSecretValidUntil: c.previousSecretExpiresAt != null && c.previousSecretExpiresAt > now ? c.previousSecretExpiresAt : null,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});
