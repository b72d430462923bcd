/** A user account and the shapes the store takes to create and change one. */
export interface Account {
  id: string;
  username: string;
  email: string | null;
  name: string | null;
  passwordHash: string;
  roles: string[];
  failedLogins: number;
  lockedUntil: number | null;
  createdAt: number;
  updatedAt: number;
  /** The owner followed a link mailed to `email` (OpenID Connect Core §5.1 `email_verified`). */
  emailVerified: boolean;
  /** When an operator disabled the account; null while it may sign in. */
  disabledAt: number | null;
}

/** Attempts since the last successful sign-in (counted before the password is checked) and the lock. */
export interface LoginCounter {
  failures: number;
  lockedUntil: number | null;
}

export type NewAccount = Omit<Account, 'failedLogins' | 'lockedUntil' | 'createdAt' | 'updatedAt' | 'emailVerified' | 'disabledAt'> & { emailVerified?: boolean };

export type AccountPatch = Partial<Pick<Account, 'passwordHash' | 'roles' | 'email' | 'name' | 'failedLogins' | 'lockedUntil' | 'emailVerified' | 'disabledAt'>>;
