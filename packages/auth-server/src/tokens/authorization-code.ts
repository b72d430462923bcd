export interface AuthorizationCode {
  codeHash: string;
  grantId: string;
  clientId: string;
  accountId: string;
  sid: string;
  redirectUri: string;
  scope: string;
  nonce: string | null;
  /** '' when the client was allowed to skip PKCE and did (Client.pkceRequired false). */
  codeChallenge: string;
  codeChallengeMethod: string;
  authTime: number;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
  /** RFC 8707 `resource` of the authorization request: the API the code's access token is for. */
  resource?: string | null;
}
