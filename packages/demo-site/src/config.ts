import { z } from 'zod';

/** Brand colours the stylesheet knows; the page picks one with a body class, so no inline style. */
export const THEMES = ['blue', 'green', 'violet', 'orange'] as const;

const DEV_SECRETS = new Set(['dev-secret-app-a', 'dev-secret-app-b']);

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Shown in the header and page titles. */
  APP_NAME: z.string().min(1).default('App A'),
  /** Brand colour of this app (one of THEMES). */
  APP_THEME: z.enum(THEMES).default('blue'),
  /** Port to listen on; 0 picks a free one (tests). */
  PORT: z.coerce.number().int().min(0).max(65535).default(4002),
  /** Interface to bind; loopback by default (browsers resolve *.localhost there, RFC 6761 §6.3). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Public origin of this app as the browser sees it; redirect URIs are built from it. */
  BASE_URL: z.url().optional(),
  /** Issuer identifier of the auth server (OpenID Connect Discovery 1.0 §4). */
  ISSUER: z.url().default('http://auth.localhost:4000'),
  CLIENT_ID: z.string().min(1).default('demo-app-a'),
  /** Confidential client secret, sent with client_secret_basic. */
  CLIENT_SECRET: z.string().min(1).default('dev-secret-app-a'),
  /** Base URL of the resource API (notes, /public, /protected, /admin). */
  API_URL: z.url().default('http://api.localhost:4001'),
  SCOPES: z.string().default('openid profile email offline_access notes:read notes:write'),
  /** Name of this app's session cookie; two apps on one host would still not clash. */
  SESSION_COOKIE: z.string().regex(/^[A-Za-z0-9_.-]+$/).optional(),
  /** Idle lifetime of a local session. */
  SESSION_TTL_SECONDS: z.coerce.number().int().positive().default(8 * 3600),
  /** Refresh the access token this long before it expires. */
  REFRESH_SKEW_SECONDS: z.coerce.number().int().min(0).default(30),
  /** Try a silent (prompt=none) sign-in first so SSO is detected exactly; see oidc/sign-in.ts. */
  SILENT_SSO: bool.default(true),
  /** The other demo app, linked from the footer so a visitor can try SSO. */
  PEER_APP_NAME: z.string().optional(),
  PEER_APP_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<{
  env: 'development' | 'test' | 'production';
  appName: string;
  theme: (typeof THEMES)[number];
  port: number;
  host: string;
  baseUrl: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  apiUrl: string;
  scopes: string;
  cookieName: string;
  secureCookies: boolean;
  sessionTtlSeconds: number;
  refreshSkewSeconds: number;
  silentSso: boolean;
  logLevel: string;
  peer?: Readonly<{ name: string; url: string }>;
  redirectUri: string;
  postLogoutRedirectUri: string;
}>;

export class ConfigError extends Error {}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** The only reader of the environment: parses once, warns about dev defaults, freezes the result. */
export function loadConfig(
  env: Record<string, string | undefined>,
  warn: (msg: string) => void = console.warn,
): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid demo-site configuration: ${detail}`);
  }
  const e = parsed.data;
  const baseUrl = trimSlash(e.BASE_URL ?? `http://app-a.localhost:${e.PORT}`);

  if (DEV_SECRETS.has(e.CLIENT_SECRET)) {
    if (e.NODE_ENV === 'production') throw new ConfigError('CLIENT_SECRET must be changed in production');
    if (e.NODE_ENV === 'development') warn(`[${e.APP_NAME}] using the development CLIENT_SECRET`);
  }
  if (e.NODE_ENV === 'production' && !baseUrl.startsWith('https://')) {
    throw new ConfigError('BASE_URL must be https in production');
  }

  return Object.freeze({
    env: e.NODE_ENV,
    appName: e.APP_NAME,
    theme: e.APP_THEME,
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    // Compared byte for byte with `iss` (OpenID Connect Discovery 1.0 §4.3), so not normalised.
    issuer: e.ISSUER,
    clientId: e.CLIENT_ID,
    clientSecret: e.CLIENT_SECRET,
    apiUrl: trimSlash(e.API_URL),
    scopes: e.SCOPES,
    cookieName: e.SESSION_COOKIE ?? `${e.CLIENT_ID.replace(/[^A-Za-z0-9]/g, '_')}_session`,
    secureCookies: baseUrl.startsWith('https://'),
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    refreshSkewSeconds: e.REFRESH_SKEW_SECONDS,
    silentSso: e.SILENT_SSO,
    logLevel: e.LOG_LEVEL,
    peer: e.PEER_APP_URL ? { name: e.PEER_APP_NAME ?? 'the other app', url: trimSlash(e.PEER_APP_URL) } : undefined,
    redirectUri: `${baseUrl}/callback`,
    postLogoutRedirectUri: `${baseUrl}/`,
  });
}
