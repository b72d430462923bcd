import type { Account } from '../accounts/account.js';
import type { Grant } from './grant.js';

export interface RefreshToken {
  tokenHash: string;
  grantId: string;
  clientId: string;
  accountId: string;
  scope: string;
  createdAt: number;
  expiresAt: number;
  rotatedAt: number | null;
  revokedAt: number | null;
}

/** A refresh token and what its refresh needs; the grant, account and recorded sign-in may be gone. */
export interface RefreshRedemption {
  token: RefreshToken;
  grant: Grant | undefined;
  account: Account | undefined;
  /** amr/acr recorded when the grant's code was issued (grantAuthentications). */
  authentication: { amr: string[]; acr: string } | undefined;
}
