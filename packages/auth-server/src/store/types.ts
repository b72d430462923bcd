import type { ChangeFeed } from './change-feed.js';
import type { Account, AccountPatch, LoginCounter, NewAccount } from '../accounts/account.js';
import type { AccountToken, AccountTokenPurpose } from '../accounts/account-token.js';
import type { Consent } from '../accounts/consent.js';
import type { Api, ApiPatch, NewApi } from '../apis/api.js';
import type { Client, ClientPatch, NewClient } from '../clients/client.js';
import type { FactorUse } from '../factors/factor-use.js';
import type { Passkey, WebauthnChallenge } from '../factors/passkeys/passkey.js';
import type { TotpSecret } from '../factors/totp/totp-secret.js';
import type { Interaction } from '../interaction/interaction.js';
import type { SigningKey } from '../keys/signing-key.js';
import type { AuditEvent } from '../observability/audit-event.js';
import type { OutboxItem, OutboxStatus } from '../outbox/outbox-item.js';
import type { Session } from '../sessions/session.js';
import type { SignInProgress } from '../sign-in/sign-in-progress.js';
import type { AuthorizationCode } from '../tokens/authorization-code.js';
import type { Grant } from '../tokens/grant.js';
import type { RefreshRedemption, RefreshToken } from '../tokens/refresh-token.js';

// The Store interface and its query shapes. The records it keeps are domain types and live with
// their domain (accounts/account.ts, clients/client.ts, tokens/grant.ts, ...).

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
  /** Rows in the first DELETE of each table; later ones are sized to a time budget (kysely/purge.ts). */
  batchSize?: number | undefined;
  /** What the purge waits on after a full batch that took `ms` (kysely/purge.ts restAfter); tests record it. */
  rest?: ((ms: number) => Promise<void>) | undefined;
  /** PostgreSQL: a table this pass deleted at least this many rows from is VACUUMed (kysely/purge.ts VACUUM_AFTER_ROWS). */
  vacuumAfterRows?: number | undefined;
}

export interface PurgeResult {
  /** Rows deleted per table. */
  deleted: Record<string, number>;
  total: number;
  /** The longest single statement batch: how long a request could have waited behind the purge. */
  slowestBatchMs: number;
  /** SQLite's write-ahead-log checkpoint at the end (0 on PostgreSQL or when nothing was deleted). */
  checkpointMs: number;
  /** PostgreSQL: the tables VACUUMed after the pass, so their freed space is reused (empty on SQLite). */
  vacuumed: string[];
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
  /**
   * Changes to what instances cache (clients, APIs, signing keys), announced by the writes above
   * once committed: a write inside `transaction` is announced after its commit, never for a rollback.
   */
  changes: ChangeFeed;
  ping(): Promise<void>;
  close(): Promise<void>;
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
