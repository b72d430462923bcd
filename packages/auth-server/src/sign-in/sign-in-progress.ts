import type { FactorUse } from '../factors/factor-use.js';

/** Sign-in progress of a parked interaction (sign-in/progress.ts). */
export interface SignInProgress {
  /** Who the factors done so far identified; null before the first one. */
  accountId: string | null;
  /** Factors done during this interaction, oldest first. */
  done: FactorUse[];
  /** `sub` of a verified id_token_hint: the user the client expects (OIDC Core §3.1.2.1). */
  hintSub: string | null;
  /** Where an account-page sign-in (no client) continues. */
  returnTo: string | null;
  /** The browser that did the first factor (security/csrf.ts browserBinding): only it may finish. */
  browser?: string | null;
}
