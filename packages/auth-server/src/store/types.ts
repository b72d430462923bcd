import type { JWK } from 'jose';

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
  codeChallenge: string;
  codeChallengeMethod: string;
  authTime: number;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
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

export interface Consent {
  accountId: string;
  clientId: string;
  scopes: string[];
  createdAt: number;
  updatedAt: number;
}

export interface AuditEvent {
  id: string;
  type: string;
  accountId: string | null;
  clientId: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
  createdAt: number;
}

export type NewAccount = Omit<Account, 'failedLogins' | 'lockedUntil' | 'createdAt' | 'updatedAt'>;
export type NewClient = Omit<Client, 'createdAt' | 'updatedAt'>;
export type AccountPatch = Partial<Pick<Account, 'passwordHash' | 'roles' | 'email' | 'name' | 'failedLogins' | 'lockedUntil'>>;
export type ClientPatch = Partial<Omit<Client, 'clientId' | 'createdAt' | 'updatedAt'>>;

/** One page of a list ordered by its key: rows after `after`, at most `limit` (default 100, at most 1000). */
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
export class DuplicateError extends Error {}

/** Raised when the database cannot be reached; rendered as 503. */
export class StoreUnavailableError extends Error {}

/**
 * Everything the auth server keeps. One interface; the engines differ only in their Kysely dialect.
 * All times are epoch milliseconds supplied by the caller's clock.
 */
export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  accounts: {
    create(a: NewAccount, now: number): Promise<Account>;
    findById(id: string): Promise<Account | undefined>;
    findByUsername(username: string): Promise<Account | undefined>;
    /** By username. */
    list(page?: Page): Promise<Account[]>;
    update(id: string, patch: AccountPatch, now: number): Promise<Account | undefined>;
    /** Atomically adds one failed login and returns the new count. */
    addFailedLogin(id: string, now: number): Promise<number>;
  };
  clients: {
    create(c: NewClient, now: number): Promise<Client>;
    findById(clientId: string): Promise<Client | undefined>;
    /** By client id. */
    list(page?: Page): Promise<Client[]>;
    update(clientId: string, patch: ClientPatch, now: number): Promise<Client | undefined>;
    delete(clientId: string): Promise<boolean>;
  };
  keys: {
    insert(k: SigningKey): Promise<void>;
    list(): Promise<SigningKey[]>;
    retire(kid: string, retiredAt: number, expiresAt: number): Promise<void>;
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
  };
  refreshTokens: {
    create(t: Omit<RefreshToken, 'rotatedAt' | 'revokedAt'>): Promise<void>;
    find(tokenHash: string): Promise<RefreshToken | undefined>;
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
  };
  /** Lockout counters of usernames that have no account (same policy, same answers as real ones). */
  unknownLogins: {
    find(username: string): Promise<{ failures: number; lockedUntil: number | null } | undefined>;
    /** Atomically adds one failure and returns the new count. */
    addFailure(username: string, now: number): Promise<number>;
    lock(username: string, until: number): Promise<void>;
    forget(username: string): Promise<void>;
  };
  audit: {
    record(e: Omit<AuditEvent, 'id' | 'createdAt'>, now: number): Promise<void>;
    list(opts?: { limit?: number; type?: string }): Promise<AuditEvent[]>;
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
