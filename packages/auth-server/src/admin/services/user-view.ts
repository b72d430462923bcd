import type { Account } from '../../accounts/account.js';

export type UserStatus = 'active' | 'locked' | 'disabled';

/** A user as the admin surfaces show it in lists: never the password hash. Times in epoch ms. */
export interface UserSummary {
  id: string;
  username: string;
  email: string | null;
  name: string | null;
  roles: string[];
  status: UserStatus;
  lockedUntil: number | null;
  disabledAt: number | null;
  failedLogins: number;
  emailVerified: boolean;
  createdAt: number;
  updatedAt: number;
}

/** The detail page: the summary, whether a second factor is required, and the factors enrolled (no secrets). */
export interface UserDetail extends UserSummary {
  mfaRequired: boolean;
  factors: {
    totp: boolean;
    passkeys: { name: string; createdAt: number; lastUsedAt: number | null }[];
    recoveryCodesLeft: number;
  };
}

/** Disabled wins over locked: a disabled account cannot sign in whatever its counter says. */
export function userStatus(a: Account, now: number): UserStatus {
  if (a.disabledAt !== null) return 'disabled';
  return a.lockedUntil !== null && a.lockedUntil > now ? 'locked' : 'active';
}

export const toUserSummary = (a: Account, now: number): UserSummary => ({
  id: a.id,
  username: a.username,
  email: a.email,
  name: a.name,
  roles: a.roles,
  status: userStatus(a, now),
  lockedUntil: a.lockedUntil !== null && a.lockedUntil > now ? a.lockedUntil : null,
  disabledAt: a.disabledAt,
  failedLogins: a.failedLogins,
  emailVerified: a.emailVerified,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
});
