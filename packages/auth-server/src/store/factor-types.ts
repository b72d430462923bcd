/** Store shapes for sign-in factors (issue 11). Kept apart from types.ts; Store extends FactorStores. */

/** Factor modules this server knows; each one names its own id (factors/registry.ts). */
export type FactorId = 'password' | 'totp' | 'recovery_code' | 'passkey';

/** One factor done at one time, with the RFC 8176 methods it proves. */
export interface FactorUse {
  factor: FactorId;
  at: number;
  amr: string[];
}

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

export interface TotpSecret {
  accountId: string;
  sealedSecret: string;
  confirmedAt: number | null;
  lastStep: number | null;
  createdAt: number;
}

export interface Passkey {
  credentialId: string;
  accountId: string;
  publicKey: string;
  counter: number;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface WebauthnChallenge {
  challenge: string;
  purpose: 'register' | 'authenticate';
  accountId: string | null;
  expiresAt: number;
}

export interface FactorStores {
  signInProgress: {
    save(interactionId: string, progress: SignInProgress, expiresAt: number): Promise<void>;
    find(interactionId: string): Promise<SignInProgress | undefined>;
  };
  sessionFactors: {
    set(sid: string, factors: FactorUse[], expiresAt: number): Promise<void>;
    find(sid: string): Promise<FactorUse[] | undefined>;
  };
  grantAuthentications: {
    set(grantId: string, value: { amr: string[]; acr: string }, expiresAt: number): Promise<void>;
    find(grantId: string): Promise<{ amr: string[]; acr: string } | undefined>;
  };
  mfaRequirements: {
    set(subjectType: 'account' | 'client', subjectId: string, required: boolean, now: number): Promise<void>;
    has(subjectType: 'account' | 'client', subjectId: string): Promise<boolean>;
  };
  totp: {
    find(accountId: string): Promise<TotpSecret | undefined>;
    /** A new unconfirmed secret, replacing any earlier unconfirmed one. */
    startEnrolment(accountId: string, sealedSecret: string, now: number): Promise<void>;
    /** Confirms with the step of the first code; false when there was nothing pending. */
    confirm(accountId: string, step: number, now: number): Promise<boolean>;
    /** Atomically records `step` as used; false when it (or a later one) already was: no replay. */
    useStep(accountId: string, step: number): Promise<boolean>;
    delete(accountId: string): Promise<boolean>;
  };
  recoveryCodes: {
    replace(accountId: string, codeHashes: string[], now: number): Promise<void>;
    /** Marks a code used; false when unknown or already used (single use, atomic). */
    use(accountId: string, codeHash: string, now: number): Promise<boolean>;
    countUnused(accountId: string): Promise<number>;
    deleteAll(accountId: string): Promise<void>;
  };
  passkeys: {
    create(p: Passkey): Promise<void>;
    find(credentialId: string): Promise<Passkey | undefined>;
    listByAccount(accountId: string): Promise<Passkey[]>;
    /** Moves the counter forward; false when another use already moved it past `from` (clone or replay). */
    recordUse(credentialId: string, from: number, to: number, now: number): Promise<boolean>;
    rename(accountId: string, credentialId: string, name: string): Promise<boolean>;
    delete(accountId: string, credentialId: string): Promise<boolean>;
    deleteAll(accountId: string): Promise<number>;
  };
  webauthnChallenges: {
    create(c: WebauthnChallenge): Promise<void>;
    /** Deletes and returns the challenge if it is live: each challenge answers once. */
    take(challenge: string, now: number): Promise<WebauthnChallenge | undefined>;
  };
}
