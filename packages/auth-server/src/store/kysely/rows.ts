import type { Selectable } from 'kysely';
import type {
  AccountsTable,
  AuditEventsTable,
  AuthorizationCodesTable,
  ClientsTable,
  GrantsTable,
  RefreshTokensTable,
  SessionsTable,
  SigningKeysTable,
} from '../schema.js';
import type { Account } from '../../accounts/account.js';
import type { AuditEvent } from '../../observability/audit-event.js';
import type { AuthorizationCode } from '../../tokens/authorization-code.js';
import type { Client } from '../../clients/client.js';
import type { Grant } from '../../tokens/grant.js';
import type { RefreshToken } from '../../tokens/refresh-token.js';
import type { Session } from '../../sessions/session.js';
import type { SigningKey } from '../../keys/signing-key.js';

/** Row ⇄ domain mapping shared by the repositories: JSON text for lists, numbers for BIGINT times. */
export const json = (v: unknown): string => JSON.stringify(v);
export const parse = <T>(v: string | null): T => (v === null ? (null as T) : (JSON.parse(v) as T));
export const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export const toAccount = (r: Selectable<AccountsTable>): Account => ({
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
  emailVerified: Number(r.email_verified) === 1,
  disabledAt: num(r.disabled_at),
});

export const toClient = (r: Selectable<ClientsTable>): Client => ({
  clientId: r.client_id,
  name: r.name,
  secretHash: r.secret_hash,
  redirectUris: parse<string[]>(r.redirect_uris),
  postLogoutRedirectUris: parse<string[]>(r.post_logout_redirect_uris),
  backchannelLogoutUri: r.backchannel_logout_uri,
  grantTypes: parse<string[]>(r.grant_types),
  scopes: parse<string[]>(r.scopes),
  firstParty: Number(r.first_party) === 1,
  pkceRequired: Number(r.pkce_required) !== 0,
  requireVerifiedEmail: Number(r.require_verified_email) === 1,
  previousSecretHash: r.previous_secret_hash,
  previousSecretExpiresAt: r.previous_secret_expires_at === null ? null : Number(r.previous_secret_expires_at),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export const toKey = (r: Selectable<SigningKeysTable>): SigningKey => ({
  kid: r.kid,
  alg: r.alg,
  publicJwk: parse(r.public_jwk),
  sealedPrivateKey: r.private_jwk,
  createdAt: Number(r.created_at),
  activeFrom: Number(r.active_from),
  retiredAt: num(r.retired_at),
  expiresAt: num(r.expires_at),
  verifyUntil: num(r.verify_until),
});

export const toSession = (r: Selectable<SessionsTable>): Session => ({
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

export const toCode = (r: Selectable<AuthorizationCodesTable>): AuthorizationCode => ({
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
  resource: r.resource ?? null,
});

export const toGrant = (r: Selectable<GrantsTable>): Grant => ({
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
  resource: r.resource ?? null,
});

export const toRefresh = (r: Selectable<RefreshTokensTable>): RefreshToken => ({
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

export const toAudit = (r: Selectable<AuditEventsTable>): AuditEvent => ({
  id: r.id,
  type: r.type,
  accountId: r.account_id,
  clientId: r.client_id,
  ip: r.ip,
  detail: parse(r.detail),
  createdAt: Number(r.created_at),
});
