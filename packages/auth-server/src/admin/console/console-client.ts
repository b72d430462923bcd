/**
 * How the console names itself to the authorization server. The registration (client, redirect URI,
 * the `admin` API and its scopes) is made by the server itself: admin/register-admin.ts.
 */
export const CONSOLE_CLIENT_ID = 'admin-console';
export const consoleRedirectUri = (issuer: string): string => `${issuer}/admin/callback`;
export const adminApiIdentifier = (issuer: string): string => `${issuer}/admin/api`;
/** Everything the console does, asked for at sign-in so its tokens say what the admin consented to. */
export const CONSOLE_SCOPE = 'openid profile admin:read admin:write';
