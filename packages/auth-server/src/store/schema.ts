import type { Generated } from 'kysely';

/**
 * Tables as both engines see them. Times are epoch milliseconds (BIGINT), booleans 0/1, lists JSON
 * text, so one set of queries serves SQLite and PostgreSQL alike.
 */
export interface Database {
  accounts: AccountsTable;
  clients: ClientsTable;
  signing_keys: SigningKeysTable;
  sessions: SessionsTable;
  session_clients: SessionClientsTable;
  interactions: InteractionsTable;
  authorization_codes: AuthorizationCodesTable;
  refresh_tokens: RefreshTokensTable;
  grants: GrantsTable;
  revoked_tokens: RevokedTokensTable;
  consents: ConsentsTable;
  audit_events: AuditEventsTable;
  unknown_login_failures: UnknownLoginFailuresTable;
  apis: ApisTable;
  api_scopes: ApiScopesTable;
  account_tokens: AccountTokensTable;
  outbox: OutboxTable;
  sign_in_progress: SignInProgressTable;
  session_factors: SessionFactorsTable;
  grant_authentications: GrantAuthenticationsTable;
  mfa_requirements: MfaRequirementsTable;
  totp_secrets: TotpSecretsTable;
  recovery_codes: RecoveryCodesTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  activity_counts: ActivityCountsTable;
  account_roles: AccountRolesTable;
}

/** One row per (role, account): the admin list's role filter reads it in username order (migration 010). */
export interface AccountRolesTable {
  role: string;
  username: string;
  account_id: string;
}

export interface AccountsTable {
  id: string;
  username: string;
  email: string | null;
  name: string | null;
  password_hash: string;
  roles: string;
  failed_logins: number;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
  /** 0/1: the owner proved the address by following a mailed link. */
  email_verified: Generated<number>;
  /** Set while an operator has disabled the account (migration 010). */
  disabled_at: number | null;
}

export interface ClientsTable {
  client_id: string;
  name: string;
  secret_hash: string | null;
  redirect_uris: string;
  post_logout_redirect_uris: string;
  backchannel_logout_uri: string | null;
  grant_types: string;
  scopes: string;
  first_party: number;
  /** 0: a confidential client may skip PKCE (nonce then required); 1 by default. */
  pkce_required: number;
  require_verified_email: Generated<number>;
  /** The secret replaced by the last rotation, accepted until previous_secret_expires_at (migration 012). */
  previous_secret_hash: string | null;
  previous_secret_expires_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface SigningKeysTable {
  kid: string;
  alg: string;
  public_jwk: string;
  private_jwk: string;
  created_at: number;
  /** Signs from this time on (published from created_at). */
  active_from: number;
  /** Stopped signing at this time; null while current. */
  retired_at: number | null;
  /** Leaves the JWKS at this time: every token it signed has expired. */
  expires_at: number | null;
  /** The public half verifies id_token_hints until then (migration 008); null: until expires_at. */
  verify_until: number | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value; the raw value never reaches the store. */
  id_hash: string;
  /** Public session id (`sid` claim); distinct from the cookie secret. */
  sid: string;
  account_id: string;
  auth_time: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  user_agent: string | null;
  ip: string | null;
  ended_at: number | null;
}

export interface SessionClientsTable {
  sid: string;
  client_id: string;
  first_at: number;
}

export interface InteractionsTable {
  id: string;
  client_id: string;
  params: string;
  created_at: number;
  expires_at: number;
}

export interface AuthorizationCodesTable {
  code_hash: string;
  grant_id: string;
  client_id: string;
  account_id: string;
  sid: string;
  redirect_uri: string;
  scope: string;
  nonce: string | null;
  code_challenge: string;
  code_challenge_method: string;
  auth_time: number;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  resource: string | null;
}

export interface GrantsTable {
  id: string;
  client_id: string;
  account_id: string | null;
  sid: string | null;
  scope: string;
  auth_time: number | null;
  created_at: number;
  /** Absolute cap on refresh tokens of this grant. */
  expires_at: number;
  revoked_at: number | null;
  revoked_reason: string | null;
  resource: string | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  grant_id: string;
  client_id: string;
  account_id: string;
  scope: string;
  created_at: number;
  expires_at: number;
  rotated_at: number | null;
  revoked_at: number | null;
}

export interface RevokedTokensTable {
  jti: string;
  grant_id: string | null;
  expires_at: number;
  revoked_at: number;
}

export interface ConsentsTable {
  account_id: string;
  client_id: string;
  scopes: string;
  created_at: number;
  updated_at: number;
}

export interface AuditEventsTable {
  id: string;
  type: string;
  account_id: string | null;
  client_id: string | null;
  ip: string | null;
  detail: string | null;
  created_at: number;
}

/** Failed logins for usernames with no account, so they lock exactly like real ones. */
export interface UnknownLoginFailuresTable {
  username: string;
  failures: number;
  locked_until: number | null;
  updated_at: number;
}

/** Resource servers (migration 005). */
export interface ApisTable {
  identifier: string;
  name: string;
  access_token_ttl: number | null;
  include_roles: number;
  secret_hash: string | null;
  created_at: number;
  updated_at: number;
}

/** One row per scope; the primary key keeps scope names unique across the server. */
export interface ApiScopesTable {
  name: string;
  api_identifier: string;
  description: string;
  position: number;
}
/** Single-use links mailed to an account (verify, reset, change e-mail); only the SHA-256 is kept. */
export interface AccountTokensTable {
  token_hash: string;
  account_id: string;
  purpose: string;
  /** The address the link was mailed to: it must still be the one in question when used. */
  email: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** Side effects (mails, back-channel logouts) written with their cause, delivered by any instance. */
export interface OutboxTable {
  id: string;
  kind: string;
  payload: string;
  /** pending → sending (leased) → sent | failed; a lapsed lease is claimable again. */
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

/** Sign-in progress of a parked interaction (sign-in/progress.ts), JSON. */
export interface SignInProgressTable {
  interaction_id: string;
  progress: string;
  expires_at: number;
}

/** The factors a browser session was authenticated with (JSON list of uses). */
export interface SessionFactorsTable {
  sid: string;
  factors: string;
  expires_at: number;
}

/** amr / acr of the sign-in behind a grant, for every ID token it yields (RFC 8176). */
export interface GrantAuthenticationsTable {
  grant_id: string;
  amr: string;
  acr: string;
  expires_at: number;
}

/** Accounts or clients for which a second factor is required. */
export interface MfaRequirementsTable {
  subject_type: string;
  subject_id: string;
  created_at: number;
}

export interface TotpSecretsTable {
  account_id: string;
  /** The shared secret sealed like the signing keys (compact JWE, keys/key-encryption.ts). */
  sealed_secret: string;
  /** null until a first code confirmed the enrolment. */
  confirmed_at: number | null;
  /** Last accepted time step: a code is accepted once (RFC 6238 §5.2). */
  last_step: number | null;
  created_at: number;
}

export interface RecoveryCodesTable {
  account_id: string;
  /** HMAC-SHA256 of the code under a key derived from KEY_ENCRYPTION_SECRET. */
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

export interface PasskeysTable {
  /** base64url credential id. */
  credential_id: string;
  account_id: string;
  /** base64url COSE public key. */
  public_key: string;
  counter: number;
  transports: string;
  device_type: string;
  backed_up: number;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

/** WebAuthn challenges: single use, short-lived. */
export interface WebauthnChallengesTable {
  challenge: string;
  purpose: string;
  account_id: string | null;
  expires_at: number;
}

/** Per-hour counts of what is not audited (tokens issued), added to by every instance (issue 13). */
export interface ActivityCountsTable {
  hour_start: number;
  kind: string;
  count: number;
}
