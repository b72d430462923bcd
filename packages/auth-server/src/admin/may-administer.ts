import type { Account } from '../accounts/account.js';

export const ADMIN_ROLE = 'admin';

/**
 * The one rule for "may administer", read live on every admin API call and console click: an
 * account that exists, is not disabled and has role `admin` now (not as a token or cookie remembers it).
 */
export const mayAdminister = (account: Account | undefined): account is Account =>
  account !== undefined && account.disabledAt === null && account.roles.includes(ADMIN_ROLE);
