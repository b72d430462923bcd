/**
 * The audit event types the server, the CLI and the admin services record, so a filter by type can tell a typo from a
 * type that simply has no events yet. Add a type here when a new `audit(...)` call records one.
 */
const FACTOR_EVENTS = ['enrol', 'use', 'remove', 'regenerate', 'rename', 'reset'];

export const AUDIT_TYPES: readonly string[] = [
  'account_created', 'account_unlocked', 'api_created', 'api_deleted', 'api_secret_rotated', 'api_updated',
  'app_disconnected', 'client_created', 'client_deleted', 'client_secret_rotated', 'client_updated',
  'code_replay', 'consent_granted', 'demo_seeded', 'email_change_requested', 'email_changed', 'email_verified',
  'factors_reset', 'key_rotated', 'lockout', 'login', 'login_failed', 'logout', 'logout_everywhere',
  'mfa_requirement_changed', 'password_changed', 'password_reset', 'refresh_token_reuse', 'role_granted',
  'role_revoked', 'session_ended', 'signup', 'token_revoked',
  // factors/record-factor-event.ts: factor_<event> and factor_<event>_failed.
  ...FACTOR_EVENTS.flatMap((e) => [`factor_${e}`, `factor_${e}_failed`]),
].sort();
