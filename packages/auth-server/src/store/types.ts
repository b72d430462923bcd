import type { JWK } from 'jose';
import type { FactorStores } from './factor-types.js';

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

export interface Client {
  clientId: string;
  name: string;
  /** null for public clients. */
  secretHash: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  grantTypes: string[];
  scopes: string[];
  /** First-party clients skip the consent page. */
  firstParty: boolean;
  /**
   * false only for a confidential client an operator allowed to skip PKCE (nonce then required);
   * never for a public client (RFC 9700 §2.1.1).
   */
  pkceRequired: boolean;
  /** Sign-in to this client waits until the account's e-mail is verified. */
  requireVerifiedEmail?: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface SigningKey {
  kid: string;
  alg: string;
  publicJwk: JWK;
  /** The private JWK sealed as a compact JWE (keys/key-encryption.ts); the store never sees it in clear. */
  sealedPrivateKey: string;
  createdAt: number;
  activeFrom: number;
  retiredAt: number | null;
  expiresAt: number | null;
  /**
   * Until then the public half still verifies id_token_hints (RP-Initiated Logout §2), though the
   * key left the JWKS at expiresAt and its private half was erased. null: until expiresAt.
   */
  verifyUntil?: number | null;
}

export interface Session {
  idHash: string;
  sid: string;
  accountId: string;
  authTime: number;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  userAgent: string | null;
  ip: string | null;
  endedAt: number | null;
}

export interface Interaction {
  id: string;
  clientId: string;
  params: Record<string, string>;
  createdAt: number;
  expiresAt: number;
}

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

export interface Consent {
  accountId: string;
  clientId: string;
  scopes: string[];
  createdAt: number;
  updatedAt: number;
}

/** A scope an API defines; its description is what consent and account pages show. */
export interface ApiScope {
  name: string;
  description: string;
}

/** A resource server (API): tokens for it carry its identifier as `aud` (RFC 8707, RFC 9068 §3). */
export interface Api {
  /** Absolute URI; the `aud` of its access tokens and its `resource` indicator. */
  identifier: string;
  name: string;
  scopes: ApiScope[];
  /** Seconds; null means the server's ACCESS_TOKEN_TTL. */
  accessTokenTtl: number | null;
  /** Whether its tokens carry the user's roles. */
  includeRoles: boolean;
  /** Hash of the secret the API uses at /introspect; null when it has none. */
  secretHash: string | null;
  createdAt: number;
  updatedAt: number;
}

export type NewApi = Omit<Api, 'createdAt' | 'updatedAt'>;
export type ApiPatch = Partial<Omit<Api, 'identifier' | 'createdAt' | 'updatedAt'>>;

export interface AuditEvent {
  id: string;
  type: string;
  accountId: string | null;
  clientId: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
  createdAt: number;
}

export interface AuditFilter {
  limit?: number;
  type?: string;
  accountId?: string;
  clientId?: string;
  /** created_at at or after (epoch ms). */
  from?: number;
  /** created_at before (epoch ms). */
  to?: number;
  /** Keyset: only events older than this one (created_at, then id). */
  before?: { createdAt: number; id: string };
}

export interface HourCount {
  hourStart: number;
  count: number;
}

/** Attempts since the last successful sign-in (counted before the password is checked) and the lock. */
export interface LoginCounter {
  failures: number;
  lockedUntil: number | null;
}

export type NewAccount = Omit<Account, 'failedLogins' | 'lockedUntil' | 'createdAt' | 'updatedAt' | 'emailVerified' | 'disabledAt'> & { emailVerified?: boolean };
export type NewClient = Omit<Client, 'createdAt' | 'updatedAt' | 'pkceRequired'> & { pkceRequired?: boolean };
export type AccountPatch = Partial<Pick<Account, 'passwordHash' | 'roles' | 'email' | 'name' | 'failedLogins' | 'lockedUntil' | 'emailVerified' | 'disabledAt'>>;

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

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** One side effect waiting to happen: a mail or a back-channel logout (see outbox/). */
export interface OutboxItem {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}
export type ClientPatch = Partial<Omit<Client, 'clientId' | 'createdAt' | 'updatedAt'>>;

/** One page of a list ordered by its key: rows after `after`, at most `limit` (default 100, at most 1000). */
/**
 * An admin search. A prefix of the username, or of the e-mail address, orders the page by that
 * column; `after` is the last row's value of it. Usernames and addresses are stored lower-case.
 */
export interface AccountSearch {
  prefix?: { field: 'username' | 'email'; value: string } | undefined;
  role?: string | undefined;
  /** locked: locked_until still ahead of `now`; disabled: disabled_at set. */
  status?: 'locked' | 'disabled' | undefined;
  now: number;
  after?: string | undefined;
  limit: number;
}

export interface Page {
  after?: string | undefined;
  limit?: number | undefined;
}

export interface PurgeOptions {
  /** Audit events older than this (epoch ms) are deleted too; absent keeps them all. */
  auditBefore?: number | undefined;
  /** Rows per DELETE statement. */
  batchSize?: number | undefined;
}

export interface PurgeResult {
  /** Rows deleted per table. */
  deleted: Record<string, number>;
  total: number;
  /** The longest single statement batch: how long a request could have waited behind the purge. */
  slowestBatchMs: number;
  /** SQLite's write-ahead-log checkpoint at the end (0 on PostgreSQL or when nothing was deleted). */
  checkpointMs: number;
}

/** Raised when a unique value (username, client id) is taken. */
export class DuplicateError extends Error {
  /** Which value: 'username', 'email', 'client', ... */
  readonly what: string;
  constructor(message: string, what = '') {
    super(message);
    this.what = what;
  }
}

/** Raised when the database cannot be reached; rendered as 503. */
export class StoreUnavailableError extends Error {}

/**
 * Everything the auth server keeps. One interface; the engines differ only in their Kysely dialect.
 * All times are epoch milliseconds supplied by the caller's clock.
 */
export interface Store extends FactorStores {
  readonly engine: 'sqlite' | 'postgres';
  accounts: {
    create(a: NewAccount, now: number): Promise<Account>;
    findById(id: string): Promise<Account | undefined>;
    findByUsername(username: string): Promise<Account | undefined>;
    /** By normalised (trimmed, lower-case) address. */
    findByEmail(email: string): Promise<Account | undefined>;
    /** By username. */
    list(page?: Page): Promise<Account[]>;
    /** One keyset page of a search; every variant is an index range scan (migration 010). */
    search(query: AccountSearch): Promise<Account[]>;
    update(id: string, patch: AccountPatch, now: number): Promise<Account | undefined>;
    /**
     * Compare-and-set of the lockout counter: writes `next` only if the row still holds `expected`.
     * False when another request changed it first (the caller reads again and retries).
     */
    swapLoginCounter(id: string, expected: LoginCounter, next: LoginCounter, now: number): Promise<boolean>;
  };
  clients: {
    create(c: NewClient, now: number): Promise<Client>;
    findById(clientId: string): Promise<Client | undefined>;
    /** By client id. */
    list(page?: Page): Promise<Client[]>;
    update(clientId: string, patch: ClientPatch, now: number): Promise<Client | undefined>;
    delete(clientId: string): Promise<boolean>;
  };
  /** APIs with their scopes; a scope name belongs to one API only (DuplicateError otherwise). */
  apis: {
    create(a: NewApi, now: number): Promise<Api>;
    find(identifier: string): Promise<Api | undefined>;
    list(): Promise<Api[]>;
    update(identifier: string, patch: ApiPatch, now: number): Promise<Api | undefined>;
    delete(identifier: string): Promise<boolean>;
  };
  keys: {
    insert(k: SigningKey): Promise<void>;
    list(): Promise<SigningKey[]>;
    /**
     * Stops a key signing; `verifyUntil` (default expiresAt) keeps its public half for hints. A key
     * already retired is left alone, unless its retirement is still ahead of `now` (when given):
     * a later rotation reschedules it.
     */
    retire(kid: string, retiredAt: number, expiresAt: number, verifyUntil?: number, now?: number): Promise<void>;
    /** Erases private halves past expiresAt; deletes keys past verifyUntil (or expiresAt). */
    deleteExpired(now: number): Promise<number>;
  };
  sessions: {
    create(s: Omit<Session, 'endedAt'>): Promise<Session>;
    findByIdHash(idHash: string): Promise<Session | undefined>;
    findBySid(sid: string): Promise<Session | undefined>;
    touch(idHash: string, lastSeenAt: number, expiresAt: number): Promise<void>;
    /** Re-authentication: a new cookie (id hash) and auth_time for the same session and sid. */
    renew(sid: string, idHash: string, authTime: number, expiresAt: number): Promise<void>;
    end(sid: string, now: number): Promise<void>;
    listActiveByAccount(accountId: string, now: number): Promise<Session[]>;
    addClient(sid: string, clientId: string, now: number): Promise<void>;
    listClients(sid: string): Promise<string[]>;
  };
  interactions: {
    create(i: Interaction): Promise<void>;
    find(id: string): Promise<Interaction | undefined>;
    delete(id: string): Promise<void>;
  };
  codes: {
    create(c: Omit<AuthorizationCode, 'consumedAt'>): Promise<void>;
    find(codeHash: string): Promise<AuthorizationCode | undefined>;
    /** Marks the code used; false when it already was (RFC 6749 §4.1.2: single use). */
    consume(codeHash: string, now: number): Promise<boolean>;
  };
  grants: {
    create(g: Omit<Grant, 'revokedAt' | 'revokedReason'>): Promise<void>;
    find(id: string): Promise<Grant | undefined>;
    revoke(id: string, now: number, reason: string): Promise<void>;
    listActiveByAccount(accountId: string, now: number): Promise<Grant[]>;
    listActiveBySid(sid: string, now: number): Promise<Grant[]>;
    /** Revokes every unrevoked grant of a client with its refresh tokens (a deleted client); returns how many. */
    revokeByClient(clientId: string, now: number, reason: string): Promise<number>;
  };
  refreshTokens: {
    create(t: Omit<RefreshToken, 'rotatedAt' | 'revokedAt'>): Promise<void>;
    find(tokenHash: string): Promise<RefreshToken | undefined>;
    /** The token with what a refresh reads before rotating it, in one round trip. */
    findRedemption(tokenHash: string): Promise<RefreshRedemption | undefined>;
    /** Marks the token used; false when it was already rotated or revoked. */
    rotate(tokenHash: string, now: number): Promise<boolean>;
    revoke(tokenHash: string, now: number): Promise<void>;
    revokeByGrant(grantId: string, now: number): Promise<void>;
  };
  revokedTokens: {
    add(jti: string, grantId: string | null, expiresAt: number, now: number): Promise<void>;
    isRevoked(jti: string): Promise<boolean>;
  };
  consents: {
    upsert(accountId: string, clientId: string, scopes: string[], now: number): Promise<void>;
    find(accountId: string, clientId: string): Promise<Consent | undefined>;
    delete(accountId: string, clientId: string): Promise<void>;
    listByAccount(accountId: string): Promise<Consent[]>;
    /** Forgets every account's consent to a client (a deleted client: a new one of that id asks again). */
    deleteByClient(clientId: string): Promise<void>;
  };
  /** Lockout counters of usernames that have no account (same policy, same answers as real ones). */
  unknownLogins: {
    find(username: string): Promise<LoginCounter | undefined>;
    /** Compare-and-set as for accounts; `expected` undefined means "no row yet" (insert if still absent). */
    swap(username: string, expected: LoginCounter | undefined, next: LoginCounter, now: number): Promise<boolean>;
    forget(username: string): Promise<void>;
  };
  accountTokens: {
    create(t: Omit<AccountToken, 'usedAt'>): Promise<void>;
    find(tokenHash: string): Promise<AccountToken | undefined>;
    /** Marks the token used if it is unused, unexpired and of this purpose; false otherwise (single use). */
    use(tokenHash: string, purpose: AccountTokenPurpose, now: number): Promise<boolean>;
    /** How many of the account's tokens of this purpose were made since `since` (per-account rate limit). */
    countSince(accountId: string, purpose: AccountTokenPurpose, since: number): Promise<number>;
  };
  outbox: {
    add(item: { id: string; kind: string; payload: Record<string, unknown> }, now: number): Promise<void>;
    /** Ids of items due now: pending and due, or sending with a lapsed lease. */
    listDue(now: number, limit: number): Promise<string[]>;
    /**
     * Takes the item for `owner` until `leaseUntil` with one conditional UPDATE: of instances racing
     * for the same item exactly one gets true (two instances never send the same item).
     */
    claim(id: string, owner: string, now: number, leaseUntil: number): Promise<OutboxItem | undefined>;
    /** Outcome of an attempt; only the lease holder's report counts. */
    finish(id: string, owner: string, outcome: { status: OutboxStatus; nextAttemptAt?: number; error?: string | null; payload?: Record<string, unknown> }, now: number): Promise<boolean>;
    find(id: string): Promise<OutboxItem | undefined>;
    list(opts?: { status?: OutboxStatus[]; limit?: number }): Promise<OutboxItem[]>;
  };
  audit: {
    record(e: Omit<AuditEvent, 'id' | 'createdAt'>, now: number): Promise<void>;
    /** Newest first (created_at, then id); `before` continues after the last event of a page. */
    list(opts?: AuditFilter): Promise<AuditEvent[]>;
  };
  /** The admin dashboard's figures (issue 13). */
  stats: {
    /** Events of one type per hour in [from, to): hours without any are left out. */
    auditHourly(type: string, from: number, to: number): Promise<HourCount[]>;
    /** Unaudited activity (e.g. `tokens_issued`) per hour in [from, to). */
    activityHourly(kind: string, from: number, to: number): Promise<HourCount[]>;
    /** Adds each instance's counts to the shared ones (count = count + excluded.count). */
    addActivity(rows: { hourStart: number; kind: string; count: number }[]): Promise<void>;
    activeSessions(now: number): Promise<number>;
    outboxByStatus(): Promise<Partial<Record<string, number>>>;
  };
  /**
   * Runs `work` in one database transaction: every write through `tx` commits together or not at all.
   * Use it wherever one request writes more than one row. Inside a transaction, `tx.transaction`
   * joins the running one.
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * Deletes what nobody can use any more (expired codes, interactions, sessions, revocations, refresh
   * tokens; expired or revoked grants with their tokens; idle unknown-login counters; audit events
   * before `auditBefore`), in small batches that let requests run in between.
   */
  purgeExpired(now: number, opts?: PurgeOptions): Promise<PurgeResult>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
