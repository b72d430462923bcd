export interface Grant {
  id: string;
  clientId: string;
  accountId: string | null;
  sid: string | null;
  scope: string;
  authTime: number | null;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  revokedReason: string | null;
  /** RFC 8707 `resource` named at /authorize: the default audience of this grant's access tokens. */
  resource?: string | null;
}
