// TODO(a-api merge): import these from ../register-admin.js, which registers them.
/** The console's own client: the server registers it, no operator edits or deletes it. */
export const ADMIN_CONSOLE_CLIENT_ID = 'admin-console';

/** The `aud` of admin tokens: the built-in API no operator edits or deletes. */
export const adminApiIdentifier = (issuer: string): string => `${issuer}/admin/api`;
