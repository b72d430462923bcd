export type AccountTokenPurpose = 'verify_email' | 'reset_password' | 'change_email';

/** A single-use link mailed to an account; the store keeps only the token's hash. */
export interface AccountToken {
  tokenHash: string;
  accountId: string;
  purpose: AccountTokenPurpose;
  email: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}
