import { PostgresAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * One set of migrations for both engines: only types both understand (text, integer, bigint).
 * Append new migrations; never edit a released one.
 */
const migrations: Record<string, Migration> = {
  '001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('email', 'text')
        .addColumn('name', 'text')
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('roles', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('clients')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text')
        .addColumn('redirect_uris', 'text', (c) => c.notNull())
        .addColumn('post_logout_redirect_uris', 'text', (c) => c.notNull())
        .addColumn('backchannel_logout_uri', 'text')
        .addColumn('grant_types', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('first_party', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('private_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('active_from', 'bigint', (c) => c.notNull())
        .addColumn('retired_at', 'bigint')
        .addColumn('expires_at', 'bigint')
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('sid', 'text', (c) => c.notNull().unique())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('auth_time', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('user_agent', 'text')
        .addColumn('ip', 'text')
        .addColumn('ended_at', 'bigint')
        .execute();
      await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute();

      await db.schema
        .createTable('session_clients')
        .addColumn('sid', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('first_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('session_clients_pk', ['sid', 'client_id'])
        .execute();

      await db.schema
        .createTable('interactions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('grants')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text')
        .addColumn('sid', 'text')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('auth_time', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('revoked_reason', 'text')
        .execute();
      await db.schema.createIndex('grants_account').on('grants').columns(['account_id', 'client_id']).execute();
      await db.schema.createIndex('grants_sid').on('grants').column('sid').execute();

      await db.schema
        .createTable('authorization_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('grant_id', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('sid', 'text', (c) => c.notNull())
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text')
        .addColumn('code_challenge', 'text', (c) => c.notNull())
        .addColumn('code_challenge_method', 'text', (c) => c.notNull())
        .addColumn('auth_time', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('consumed_at', 'bigint')
        .execute();

      await db.schema
        .createTable('refresh_tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('grant_id', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('rotated_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();
      await db.schema.createIndex('refresh_tokens_grant').on('refresh_tokens').column('grant_id').execute();

      await db.schema
        .createTable('revoked_tokens')
        .addColumn('jti', 'text', (c) => c.primaryKey())
        .addColumn('grant_id', 'text')
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('consents')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('consents_pk', ['account_id', 'client_id'])
        .execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text')
        .addColumn('client_id', 'text')
        .addColumn('ip', 'text')
        .addColumn('detail', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_events_time').on('audit_events').column('created_at').execute();
    },
  },
};

migrations['002_unknown_login_failures'] = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('unknown_login_failures')
      .addColumn('username', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('locked_until', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

/**
 * Indexes for what housekeeping reads: without them every purge pass scans whole tables (and on
 * SQLite holds every request while it does). Audit by type and time for `audit --type`.
 */
migrations['004_housekeeping_indexes'] = {
  async up(db: Kysely<unknown>) {
    const indexes: [name: string, table: string, columns: string[]][] = [
      ['sessions_expires', 'sessions', ['expires_at']],
      ['interactions_expires', 'interactions', ['expires_at']],
      ['refresh_tokens_expires', 'refresh_tokens', ['expires_at']],
      ['grants_expires', 'grants', ['expires_at']],
      ['grants_revoked', 'grants', ['revoked_at']],
      ['authorization_codes_expires', 'authorization_codes', ['expires_at']],
      ['revoked_tokens_expires', 'revoked_tokens', ['expires_at']],
      ['unknown_login_failures_updated', 'unknown_login_failures', ['updated_at']],
      ['audit_events_type_time', 'audit_events', ['type', 'created_at']],
    ];
    for (const [name, table, columns] of indexes) await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
  },
};

migrations['005_apis'] = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('apis')
      .addColumn('identifier', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('access_token_ttl', 'integer')
      .addColumn('include_roles', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('secret_hash', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('api_scopes')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('api_identifier', 'text', (c) => c.notNull().references('apis.identifier').onDelete('cascade'))
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('api_scopes_api').on('api_scopes').column('api_identifier').execute();
    // RFC 8707: the resource named at /authorize travels with the code into the grant.
    await db.schema.alterTable('authorization_codes').addColumn('resource', 'text').execute();
    await db.schema.alterTable('grants').addColumn('resource', 'text').execute();
  },
};

migrations['006_email_outbox'] = {
  async up(db: Kysely<unknown>) {
    // E-mail addresses are unique and compared lower-case. Older rows are normalised first; of two
    // accounts sharing an address the older keeps it (the other can add it again after verifying).
    await sql`UPDATE accounts SET email = lower(trim(email)) WHERE email IS NOT NULL`.execute(db);
    await sql`UPDATE accounts SET email = NULL WHERE email = ''`.execute(db);
    await sql`UPDATE accounts SET email = NULL WHERE email IS NOT NULL AND EXISTS (
      SELECT 1 FROM accounts a2 WHERE a2.email = accounts.email
        AND (a2.created_at < accounts.created_at OR (a2.created_at = accounts.created_at AND a2.id < accounts.id)))`.execute(db);
    await db.schema.createIndex('accounts_email').on('accounts').column('email').unique().execute();
    await db.schema.alterTable('accounts').addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('clients').addColumn('require_verified_email', 'integer', (c) => c.notNull().defaultTo(0)).execute();

    await db.schema
      .createTable('account_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema.createIndex('account_tokens_account').on('account_tokens').columns(['account_id', 'purpose', 'created_at']).execute();

    await db.schema
      .createTable('outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
  },
};

/** Sign-in factors (issue 11): TOTP, recovery codes, passkeys, and what each sign-in used. */
migrations['007_sign_in_factors'] = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sign_in_progress')
      .addColumn('interaction_id', 'text', (c) => c.primaryKey())
      .addColumn('progress', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('session_factors')
      .addColumn('sid', 'text', (c) => c.primaryKey())
      .addColumn('factors', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('grant_authentications')
      .addColumn('grant_id', 'text', (c) => c.primaryKey())
      .addColumn('amr', 'text', (c) => c.notNull())
      .addColumn('acr', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('mfa_requirements')
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('mfa_requirements_pk', ['subject_type', 'subject_id'])
      .execute();
    await db.schema
      .createTable('totp_secrets')
      .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
      .addColumn('sealed_secret', 'text', (c) => c.notNull())
      .addColumn('confirmed_at', 'bigint')
      .addColumn('last_step', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('recovery_codes')
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addPrimaryKeyConstraint('recovery_codes_pk', ['account_id', 'code_hash'])
      .execute();
    await db.schema
      .createTable('passkeys')
      .addColumn('credential_id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('counter', 'bigint', (c) => c.notNull())
      .addColumn('transports', 'text', (c) => c.notNull())
      .addColumn('device_type', 'text', (c) => c.notNull())
      .addColumn('backed_up', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .execute();
    await db.schema.createIndex('passkeys_account').on('passkeys').column('account_id').execute();
    await db.schema
      .createTable('webauthn_challenges')
      .addColumn('challenge', 'text', (c) => c.primaryKey())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text')
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

migrations['008_pkce_optional_and_hint_keys'] = {
  async up(db: Kysely<unknown>) {
    // RFC 9700 §2.1.1: PKCE stays required unless an operator relaxes it for one confidential client.
    await db.schema.alterTable('clients').addColumn('pkce_required', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    // A retired key leaves the JWKS at expires_at but its public half still verifies id_token_hints until then.
    await db.schema.alterTable('signing_keys').addColumn('verify_until', 'bigint').execute();
  },
};

/** What the purge reads in the tables added by 006 and 007 (see 004 for the older ones). */
migrations['009_purge_indexes'] = {
  async up(db: Kysely<unknown>) {
    const indexes: [name: string, table: string, columns: string[]][] = [
      ['account_tokens_expires', 'account_tokens', ['expires_at']],
      ['outbox_status_updated', 'outbox', ['status', 'updated_at']],
      ['sign_in_progress_expires', 'sign_in_progress', ['expires_at']],
      ['session_factors_expires', 'session_factors', ['expires_at']],
      ['grant_authentications_expires', 'grant_authentications', ['expires_at']],
      ['webauthn_challenges_expires', 'webauthn_challenges', ['expires_at']],
    ];
    for (const [name, table, columns] of indexes) await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
  },
};

/**
 * Operators disable accounts (issue 13), and the admin lists stay index range scans at 100,000
 * accounts (store/kysely/account-search.ts). PostgreSQL gets byte-order (COLLATE "C") indexes so a
 * prefix is a range whatever the database's locale; SQLite's own indexes already compare bytes.
 * The status filters read small partial indexes in username order; the role filter account_roles.
 */
migrations['010_account_disable_and_search'] = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('accounts').addColumn('disabled_at', 'bigint').execute();
    const pg = db.getExecutor().adapter instanceof PostgresAdapter;
    const username = pg ? 'username collate "C"' : 'username';
    if (pg) {
      await sql.raw(`CREATE INDEX accounts_username_c ON accounts (username collate "C")`).execute(db);
      await sql.raw(`CREATE INDEX accounts_email_c ON accounts (email collate "C")`).execute(db);
    }
    await sql.raw(`CREATE INDEX accounts_disabled ON accounts (${username}) WHERE disabled_at IS NOT NULL`).execute(db);
    await sql.raw(`CREATE INDEX accounts_locked ON accounts (${username}) WHERE locked_until IS NOT NULL`).execute(db);
    // Roles stay a JSON array on the account (tokens read it); this copy, kept in step by the
    // accounts repository, lets a role filter walk only that role's members in username order.
    await db.schema
      .createTable('account_roles')
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('username', pg ? sql`text collate "C"` : 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('account_roles_pk', ['role', 'username'])
      .execute();
    await db.schema.createIndex('account_roles_account').on('account_roles').columns(['account_id', 'role']).execute();
    const rows = await sql<{ id: string; username: string; roles: string }>`SELECT id, username, roles FROM accounts WHERE roles <> '[]'`.execute(db);
    for (const a of rows.rows) {
      for (const role of new Set(JSON.parse(a.roles) as string[])) {
        await sql`INSERT INTO account_roles (role, username, account_id) VALUES (${role}, ${a.username}, ${a.id})`.execute(db);
      }
    }
  },
};

/**
 * Issue 13: the audit log filtered by user or client (newest first, keyset by created_at + id), and
 * per-hour activity that is not audited (tokens issued), added to by every instance.
 */
migrations['011_admin_console'] = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('activity_counts')
      .addColumn('hour_start', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('activity_counts_pk', ['kind', 'hour_start'])
      .execute();
    await db.schema.createIndex('activity_counts_hour').ifNotExists().on('activity_counts').column('hour_start').execute();
    const indexes: [name: string, columns: string[]][] = [
      ['audit_events_account_time', ['account_id', 'created_at']],
      ['audit_events_client_time', ['client_id', 'created_at']],
    ];
    for (const [name, columns] of indexes) await db.schema.createIndex(name).ifNotExists().on('audit_events').columns(columns).execute();
  },
};

/**
 * A rotated client secret may keep working for a grace period, so the client's deployments can move
 * to the new one without an outage: its hash and the end of its grace, cleared by the next rotation.
 */
migrations['012_client_secret_grace'] = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('clients').addColumn('previous_secret_hash', 'text').execute();
    await db.schema.alterTable('clients').addColumn('previous_secret_expires_at', 'bigint').execute();
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
