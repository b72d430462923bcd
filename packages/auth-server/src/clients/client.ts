/** A registered client (relying party) and the shapes the store takes to create and change one. */
export interface Client {
  clientId: string;
  name: string;
  /** null for public clients. */
  secretHash: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  grantTypes: string[];
  scopes: string[];
  /** First-party clients skip the consent page. */
  firstParty: boolean;
  /**
   * false only for a confidential client an operator allowed to skip PKCE (nonce then required);
   * never for a public client (RFC 9700 §2.1.1).
   */
  pkceRequired: boolean;
  /** Sign-in to this client waits until the account's e-mail is verified. */
  requireVerifiedEmail?: boolean;
  /**
   * The secret the last rotation replaced, when it was given a grace period: still accepted until
   * `previousSecretExpiresAt` (epoch ms), so the client's deployments can move to the new one.
   */
  previousSecretHash?: string | null;
  previousSecretExpiresAt?: number | null;
  createdAt: number;
  updatedAt: number;
}

export type NewClient = Omit<Client, 'createdAt' | 'updatedAt' | 'pkceRequired'> & { pkceRequired?: boolean };

export type ClientPatch = Partial<Omit<Client, 'clientId' | 'createdAt' | 'updatedAt'>>;
