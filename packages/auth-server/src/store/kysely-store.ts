import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type {
  AccountsTable,
  AuditEventsTable,
  AuthorizationCodesTable,
  ClientsTable,
  Database,
  GrantsTable,
  RefreshTokensTable,
  SessionsTable,
  SigningKeysTable,
} from './schema.js';
import {
  DuplicateError,
  type Account,
  type AuditEvent,
  type AuthorizationCode,
  type Client,
  type Grant,
  type RefreshToken,
  type Session,
  type SigningKey,
  type Store,
} from './types.js';

const json = (v: unknown): string => JSON.stringify(v);
const parse = <T>(v: string | null): T => (v === null ? (null as T) : (JSON.parse(v) as T));
const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

const toAccount = (r: Selectable<AccountsTable>): Account => ({
  id: r.id,
  username: r.username,
  email: r.email,
  name: r.name,
  passwordHash: r.password_hash,
  roles: parse<string[]>(r.roles),
  failedLogins: Number(r.failed_logins),
  lockedUntil: num(r.locked_until),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const toClient = (r: Selectable<ClientsTable>): Client => ({
  clientId: r.client_id,
  name: r.name,
  secretHash: r.secret_hash,
  redirectUris: parse<string[]>(r.redirect_uris),
  postLogoutRedirectUris: parse<string[]>(r.post_logout_redirect_uris),
  backchannelLogoutUri: r.backchannel_logout_uri,
  grantTypes: parse<string[]>(r.grant_types),
  scopes: parse<string[]>(r.scopes),
  firstParty: Number(r.first_party) === 1,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const toKey = (r: Selectable<SigningKeysTable>): SigningKey => ({
  kid: r.kid,
  alg: r.alg,
  publicJwk: parse(r.public_jwk),
  privateJwk: parse(r.private_jwk),
  createdAt: Number(r.created_at),
  activeFrom: Number(r.active_from),
  retiredAt: num(r.retired_at),
  expiresAt: num(r.expires_at),
});

const toSession = (r: Selectable<SessionsTable>): Session => ({
  idHash: r.id_hash,
  sid: r.sid,
  accountId: r.account_id,
  authTime: Number(r.auth_time),
  createdAt: Number(r.created_at),
  lastSeenAt: Number(r.last_seen_at),
  expiresAt: Number(r.expires_at),
  userAgent: r.user_agent,
  ip: r.ip,
  endedAt: num(r.ended_at),
});

const toCode = (r: Selectable<AuthorizationCodesTable>): AuthorizationCode => ({
  codeHash: r.code_hash,
  grantId: r.grant_id,
  clientId: r.client_id,
  accountId: r.account_id,
  sid: r.sid,
  redirectUri: r.redirect_uri,
  scope: r.scope,
  nonce: r.nonce,
  codeChallenge: r.code_challenge,
  codeChallengeMethod: r.code_challenge_method,
  authTime: Number(r.auth_time),
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  consumedAt: num(r.consumed_at),
});

const toGrant = (r: Selectable<GrantsTable>): Grant => ({
  id: r.id,
  clientId: r.client_id,
  accountId: r.account_id,
  sid: r.sid,
  scope: r.scope,
  authTime: num(r.auth_time),
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  revokedAt: num(r.revoked_at),
  revokedReason: r.revoked_reason,
});

const toRefresh = (r: Selectable<RefreshTokensTable>): RefreshToken => ({
  tokenHash: r.token_hash,
  grantId: r.grant_id,
  clientId: r.client_id,
  accountId: r.account_id,
  scope: r.scope,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  rotatedAt: num(r.rotated_at),
  revokedAt: num(r.revoked_at),
});

const toAudit = (r: Selectable<AuditEventsTable>): AuditEvent => ({
  id: r.id,
  type: r.type,
  accountId: r.account_id,
  clientId: r.client_id,
  ip: r.ip,
  detail: parse(r.detail),
  createdAt: Number(r.created_at),
});

/** SQLite says "UNIQUE constraint failed", PostgreSQL uses SQLSTATE 23505. */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || /UNIQUE constraint failed/i.test(e?.message ?? '') || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

async function unique<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (isUniqueViolation(err)) throw new DuplicateError(`${what} already exists`);
    throw err;
  }
}

let auditSeq = 0;
/**
 * Audit ids sort in insertion order within one process (time, then a counter), so events recorded
 * in the same millisecond still list in the order they happened. Lower-case hex only, so every
 * collation orders them alike.
 */
const auditId = (now: number): string =>
  now.toString(16).padStart(12, '0') + (auditSeq++ % 0x1_0000_0000).toString(16).padStart(8, '0') + randomBytes(8).toString('hex');

const changed = (r: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number =>
  Number(r.numUpdatedRows ?? r.numDeletedRows ?? 0n);

/** The one store implementation; `engine` only labels which dialect `db` speaks. */
export function createKyselyStore(db: Kysely<Database>, engine: Store['engine']): Store {
  return {
    engine,
    accounts: {
      async create(a, now) {
        const row = {
          id: a.id,
          username: a.username,
          email: a.email,
          name: a.name,
          password_hash: a.passwordHash,
          roles: json(a.roles),
          failed_logins: 0,
          locked_until: null,
          created_at: now,
          updated_at: now,
        };
        await unique('username', () => db.insertInto('accounts').values(row).execute());
        return toAccount(row);
      },
      async findById(id) {
        const r = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
        return r && toAccount(r);
      },
      async findByUsername(username) {
        const r = await db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
        return r && toAccount(r);
      },
      async list() {
        return (await db.selectFrom('accounts').selectAll().orderBy('username').execute()).map(toAccount);
      },
      async update(id, p, now) {
        await db
          .updateTable('accounts')
          .set({
            ...(p.passwordHash !== undefined && { password_hash: p.passwordHash }),
            ...(p.roles !== undefined && { roles: json(p.roles) }),
            ...(p.email !== undefined && { email: p.email }),
            ...(p.name !== undefined && { name: p.name }),
            ...(p.failedLogins !== undefined && { failed_logins: p.failedLogins }),
            ...(p.lockedUntil !== undefined && { locked_until: p.lockedUntil }),
            updated_at: now,
          })
          .where('id', '=', id)
          .execute();
        return this.findById(id);
      },
      async addFailedLogin(id, now) {
        // RETURNING reads the row this UPDATE wrote: a separate SELECT could see later increments.
        const r = await db
          .updateTable('accounts')
          .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), updated_at: now }))
          .where('id', '=', id)
          .returning('failed_logins')
          .executeTakeFirst();
        return Number(r?.failed_logins ?? 0);
      },
    },
    clients: {
      async create(c, now) {
        const row = {
          client_id: c.clientId,
          name: c.name,
          secret_hash: c.secretHash,
          redirect_uris: json(c.redirectUris),
          post_logout_redirect_uris: json(c.postLogoutRedirectUris),
          backchannel_logout_uri: c.backchannelLogoutUri,
          grant_types: json(c.grantTypes),
          scopes: json(c.scopes),
          first_party: c.firstParty ? 1 : 0,
          created_at: now,
          updated_at: now,
        };
        await unique('client', () => db.insertInto('clients').values(row).execute());
        return toClient(row);
      },
      async findById(clientId) {
        const r = await db.selectFrom('clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
        return r && toClient(r);
      },
      async list() {
        return (await db.selectFrom('clients').selectAll().orderBy('client_id').execute()).map(toClient);
      },
      async update(clientId, p, now) {
        await db
          .updateTable('clients')
          .set({
            ...(p.name !== undefined && { name: p.name }),
            ...(p.secretHash !== undefined && { secret_hash: p.secretHash }),
            ...(p.redirectUris !== undefined && { redirect_uris: json(p.redirectUris) }),
            ...(p.postLogoutRedirectUris !== undefined && { post_logout_redirect_uris: json(p.postLogoutRedirectUris) }),
            ...(p.backchannelLogoutUri !== undefined && { backchannel_logout_uri: p.backchannelLogoutUri }),
            ...(p.grantTypes !== undefined && { grant_types: json(p.grantTypes) }),
            ...(p.scopes !== undefined && { scopes: json(p.scopes) }),
            ...(p.firstParty !== undefined && { first_party: p.firstParty ? 1 : 0 }),
            updated_at: now,
          })
          .where('client_id', '=', clientId)
          .execute();
        return this.findById(clientId);
      },
      async delete(clientId) {
        return changed(await db.deleteFrom('clients').where('client_id', '=', clientId).executeTakeFirst()) > 0;
      },
    },
    keys: {
      async insert(k) {
        await unique('key', () =>
          db
            .insertInto('signing_keys')
            .values({
              kid: k.kid,
              alg: k.alg,
              public_jwk: json(k.publicJwk),
              private_jwk: json(k.privateJwk),
              created_at: k.createdAt,
              active_from: k.activeFrom,
              retired_at: k.retiredAt,
              expires_at: k.expiresAt,
            })
            .execute(),
        );
      },
      async list() {
        return (await db.selectFrom('signing_keys').selectAll().orderBy('active_from', 'desc').execute()).map(toKey);
      },
      async retire(kid, retiredAt, expiresAt) {
        await db
          .updateTable('signing_keys')
          .set({ retired_at: retiredAt, expires_at: expiresAt })
          .where('kid', '=', kid)
          .where('retired_at', 'is', null)
          .execute();
      },
      async deleteExpired(now) {
        return changed(await db.deleteFrom('signing_keys').where('expires_at', '<=', now).executeTakeFirst());
      },
    },
    sessions: {
      async create(s) {
        await db
          .insertInto('sessions')
          .values({
            id_hash: s.idHash,
            sid: s.sid,
            account_id: s.accountId,
            auth_time: s.authTime,
            created_at: s.createdAt,
            last_seen_at: s.lastSeenAt,
            expires_at: s.expiresAt,
            user_agent: s.userAgent,
            ip: s.ip,
            ended_at: null,
          })
          .execute();
        return { ...s, endedAt: null };
      },
      async findByIdHash(idHash) {
        const r = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
        return r && toSession(r);
      },
      async findBySid(sid) {
        const r = await db.selectFrom('sessions').selectAll().where('sid', '=', sid).executeTakeFirst();
        return r && toSession(r);
      },
      async touch(idHash, lastSeenAt, expiresAt) {
        await db
          .updateTable('sessions')
          .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
          .where('id_hash', '=', idHash)
          .execute();
      },
      async end(sid, now) {
        await db.updateTable('sessions').set({ ended_at: now }).where('sid', '=', sid).where('ended_at', 'is', null).execute();
      },
      async listActiveByAccount(accountId, now) {
        const rows = await db
          .selectFrom('sessions')
          .selectAll()
          .where('account_id', '=', accountId)
          .where('ended_at', 'is', null)
          .where('expires_at', '>', now)
          .orderBy('last_seen_at', 'desc')
          .execute();
        return rows.map(toSession);
      },
      async addClient(sid, clientId, now) {
        await db
          .insertInto('session_clients')
          .values({ sid, client_id: clientId, first_at: now })
          .onConflict((oc) => oc.columns(['sid', 'client_id']).doNothing())
          .execute();
      },
      async listClients(sid) {
        const rows = await db.selectFrom('session_clients').select('client_id').where('sid', '=', sid).orderBy('first_at').execute();
        return rows.map((r) => r.client_id);
      },
    },
    interactions: {
      async create(i) {
        await db
          .insertInto('interactions')
          .values({ id: i.id, client_id: i.clientId, params: json(i.params), created_at: i.createdAt, expires_at: i.expiresAt })
          .execute();
      },
      async find(id) {
        const r = await db.selectFrom('interactions').selectAll().where('id', '=', id).executeTakeFirst();
        return (
          r && {
            id: r.id,
            clientId: r.client_id,
            params: parse<Record<string, string>>(r.params),
            createdAt: Number(r.created_at),
            expiresAt: Number(r.expires_at),
          }
        );
      },
      async delete(id) {
        await db.deleteFrom('interactions').where('id', '=', id).execute();
      },
    },
    codes: {
      async create(c) {
        await db
          .insertInto('authorization_codes')
          .values({
            code_hash: c.codeHash,
            grant_id: c.grantId,
            client_id: c.clientId,
            account_id: c.accountId,
            sid: c.sid,
            redirect_uri: c.redirectUri,
            scope: c.scope,
            nonce: c.nonce,
            code_challenge: c.codeChallenge,
            code_challenge_method: c.codeChallengeMethod,
            auth_time: c.authTime,
            created_at: c.createdAt,
            expires_at: c.expiresAt,
            consumed_at: null,
          })
          .execute();
      },
      async find(codeHash) {
        const r = await db.selectFrom('authorization_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
        return r && toCode(r);
      },
      async consume(codeHash, now) {
        const r = await db
          .updateTable('authorization_codes')
          .set({ consumed_at: now })
          .where('code_hash', '=', codeHash)
          .where('consumed_at', 'is', null)
          .executeTakeFirst();
        return changed(r) === 1;
      },
    },
    grants: {
      async create(g) {
        await db
          .insertInto('grants')
          .values({
            id: g.id,
            client_id: g.clientId,
            account_id: g.accountId,
            sid: g.sid,
            scope: g.scope,
            auth_time: g.authTime,
            created_at: g.createdAt,
            expires_at: g.expiresAt,
            revoked_at: null,
            revoked_reason: null,
          })
          .execute();
      },
      async find(id) {
        const r = await db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
        return r && toGrant(r);
      },
      async revoke(id, now, reason) {
        await db
          .updateTable('grants')
          .set({ revoked_at: now, revoked_reason: reason })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .execute();
        await db
          .updateTable('refresh_tokens')
          .set({ revoked_at: now })
          .where('grant_id', '=', id)
          .where('revoked_at', 'is', null)
          .execute();
      },
      async listActiveByAccount(accountId, now) {
        const rows = await db
          .selectFrom('grants')
          .selectAll()
          .where('account_id', '=', accountId)
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', now)
          .orderBy('created_at', 'desc')
          .execute();
        return rows.map(toGrant);
      },
      async listActiveBySid(sid, now) {
        const rows = await db
          .selectFrom('grants')
          .selectAll()
          .where('sid', '=', sid)
          .where('revoked_at', 'is', null)
          .where('expires_at', '>', now)
          .execute();
        return rows.map(toGrant);
      },
    },
    refreshTokens: {
      async create(t) {
        await db
          .insertInto('refresh_tokens')
          .values({
            token_hash: t.tokenHash,
            grant_id: t.grantId,
            client_id: t.clientId,
            account_id: t.accountId,
            scope: t.scope,
            created_at: t.createdAt,
            expires_at: t.expiresAt,
            rotated_at: null,
            revoked_at: null,
          })
          .execute();
      },
      async find(tokenHash) {
        const r = await db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
        return r && toRefresh(r);
      },
      async rotate(tokenHash, now) {
        const r = await db
          .updateTable('refresh_tokens')
          .set({ rotated_at: now })
          .where('token_hash', '=', tokenHash)
          .where('rotated_at', 'is', null)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        return changed(r) === 1;
      },
      async revoke(tokenHash, now) {
        await db
          .updateTable('refresh_tokens')
          .set({ revoked_at: now })
          .where('token_hash', '=', tokenHash)
          .where('revoked_at', 'is', null)
          .execute();
      },
      async revokeByGrant(grantId, now) {
        await db
          .updateTable('refresh_tokens')
          .set({ revoked_at: now })
          .where('grant_id', '=', grantId)
          .where('revoked_at', 'is', null)
          .execute();
      },
    },
    revokedTokens: {
      async add(jti, grantId, expiresAt, now) {
        await db
          .insertInto('revoked_tokens')
          .values({ jti, grant_id: grantId, expires_at: expiresAt, revoked_at: now })
          .onConflict((oc) => oc.column('jti').doNothing())
          .execute();
      },
      async isRevoked(jti) {
        const r = await db.selectFrom('revoked_tokens').select('jti').where('jti', '=', jti).executeTakeFirst();
        return r !== undefined;
      },
    },
    consents: {
      async upsert(accountId, clientId, scopes, now) {
        await db
          .insertInto('consents')
          .values({ account_id: accountId, client_id: clientId, scopes: json(scopes), created_at: now, updated_at: now })
          .onConflict((oc) => oc.columns(['account_id', 'client_id']).doUpdateSet({ scopes: json(scopes), updated_at: now }))
          .execute();
      },
      async find(accountId, clientId) {
        const r = await db
          .selectFrom('consents')
          .selectAll()
          .where('account_id', '=', accountId)
          .where('client_id', '=', clientId)
          .executeTakeFirst();
        return (
          r && {
            accountId: r.account_id,
            clientId: r.client_id,
            scopes: parse<string[]>(r.scopes),
            createdAt: Number(r.created_at),
            updatedAt: Number(r.updated_at),
          }
        );
      },
      async delete(accountId, clientId) {
        await db.deleteFrom('consents').where('account_id', '=', accountId).where('client_id', '=', clientId).execute();
      },
      async listByAccount(accountId) {
        const rows = await db.selectFrom('consents').selectAll().where('account_id', '=', accountId).orderBy('client_id').execute();
        return rows.map((r) => ({
          accountId: r.account_id,
          clientId: r.client_id,
          scopes: parse<string[]>(r.scopes),
          createdAt: Number(r.created_at),
          updatedAt: Number(r.updated_at),
        }));
      },
    },
    audit: {
      async record(e, now) {
        await db
          .insertInto('audit_events')
          .values({
            id: auditId(now),
            type: e.type,
            account_id: e.accountId,
            client_id: e.clientId,
            ip: e.ip,
            detail: e.detail ? json(e.detail) : null,
            created_at: now,
          })
          .execute();
      },
      async list(opts = {}) {
        let q = db.selectFrom('audit_events').selectAll();
        if (opts.type) q = q.where('type', '=', opts.type);
        const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit ?? 100).execute();
        return rows.map(toAudit);
      },
    },
    async purgeExpired(now) {
      await db.deleteFrom('authorization_codes').where('expires_at', '<', now - 24 * 3600_000).execute();
      await db.deleteFrom('interactions').where('expires_at', '<', now).execute();
      await db.deleteFrom('revoked_tokens').where('expires_at', '<', now).execute();
      await db.deleteFrom('refresh_tokens').where('expires_at', '<', now).execute();
      // A grant past its absolute lifetime has no live refresh token and no live access token left.
      await db.deleteFrom('grants').where('expires_at', '<', now).execute();
      const gone = db.selectFrom('sessions').select('sid').where('expires_at', '<', now);
      await db.deleteFrom('session_clients').where('sid', 'in', gone).execute();
      await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
    },
    async ping() {
      await db.selectFrom('accounts').select('id').limit(1).execute();
    },
    async close() {
      await db.destroy();
    },
  };
}
