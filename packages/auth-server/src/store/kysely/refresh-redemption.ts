import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { RefreshRedemption } from '../../tokens/refresh-token.js';
import { compiledOnce } from './compiled-once.js';
import { parse, toAccount, toGrant, toRefresh } from './rows.js';

/** Compiled once: it is the hot read of every refresh (compiled-once.ts). */
const redemptionQuery = compiledOnce((db: Kysely<Database>, tokenHash: string) =>
  db
    .selectFrom('refresh_tokens as t')
    .leftJoin('grants as g', 'g.id', 't.grant_id')
    .leftJoin('accounts as a', 'a.id', 't.account_id')
    .leftJoin('grant_authentications as ga', 'ga.grant_id', 't.grant_id')
    .selectAll('t')
    .select([
      'g.id as g_id', 'g.client_id as g_client_id', 'g.account_id as g_account_id', 'g.sid as g_sid', 'g.scope as g_scope',
      'g.auth_time as g_auth_time', 'g.created_at as g_created_at', 'g.expires_at as g_expires_at',
      'g.revoked_at as g_revoked_at', 'g.revoked_reason as g_revoked_reason', 'g.resource as g_resource',
      'a.id as a_id', 'a.username as a_username', 'a.email as a_email', 'a.name as a_name',
      'a.password_hash as a_password_hash', 'a.roles as a_roles', 'a.failed_logins as a_failed_logins',
      'a.locked_until as a_locked_until', 'a.created_at as a_created_at', 'a.updated_at as a_updated_at',
      'a.email_verified as a_email_verified', 'a.disabled_at as a_disabled_at',
      'ga.amr as ga_amr', 'ga.acr as ga_acr',
    ])
    .where('t.token_hash', '=', tokenHash),
  1,
);

/**
 * A presented refresh token with its grant, its account and the sign-in recorded for the grant, in
 * one query: a refresh needs all four before it rotates anything, and one round trip instead of
 * four is most of what a refresh costs the database (issue 14). Every joined row may be missing.
 */
export async function findRefreshRedemption(db: Kysely<Database>, tokenHash: string): Promise<RefreshRedemption | undefined> {
  const r = (await redemptionQuery(db, tokenHash)).rows[0];
  if (!r) return undefined;
  const grant =
    r.g_id === null
      ? undefined
      : toGrant({
          id: r.g_id,
          client_id: r.g_client_id!,
          account_id: r.g_account_id,
          sid: r.g_sid,
          scope: r.g_scope!,
          auth_time: r.g_auth_time,
          created_at: r.g_created_at!,
          expires_at: r.g_expires_at!,
          revoked_at: r.g_revoked_at,
          revoked_reason: r.g_revoked_reason,
          resource: r.g_resource,
        });
  const account =
    r.a_id === null
      ? undefined
      : toAccount({
          id: r.a_id,
          username: r.a_username!,
          email: r.a_email,
          name: r.a_name,
          password_hash: r.a_password_hash!,
          roles: r.a_roles!,
          failed_logins: r.a_failed_logins!,
          locked_until: r.a_locked_until,
          created_at: r.a_created_at!,
          updated_at: r.a_updated_at!,
          email_verified: r.a_email_verified!,
          disabled_at: r.a_disabled_at,
        });
  const authentication = r.ga_amr === null || r.ga_acr === null ? undefined : { amr: parse<string[]>(r.ga_amr), acr: r.ga_acr };
  return { token: toRefresh(r), grant, account, authentication };
}
