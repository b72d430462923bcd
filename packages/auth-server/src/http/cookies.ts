import type { CookieOptions, Request } from 'express';

/** Reads one cookie from the Cookie header (RFC 6265 §5.4); no parser dependency needed. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Cookie names and attributes. With an https issuer the `__Host-` prefix pins the cookie to this
 * host, path `/`, Secure (RFC 6265bis §4.1.3.2).
 */
export function cookieSettings(secure: boolean) {
  const name = (base: string) => (secure ? `__Host-${base}` : base);
  const options: CookieOptions = { httpOnly: true, sameSite: 'lax', secure, path: '/' };
  return { name, options };
}
