import { hkdfSync } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { CompactEncrypt, compactDecrypt } from 'jose';
import { readCookie } from '../../http/cookies.js';

/**
 * A cookie whose value is a JSON object sealed as a compact JWE (dir + A256GCM, like factor secrets
 * in factors/secret-sealer.ts), key from COOKIE_SECRET by HKDF (RFC 5869) with the cookie's own
 * label: the browser can neither read nor alter it, and a value minted for one cookie does not open
 * as another. Nothing is kept in server memory, so any instance reads what another one wrote.
 */
export interface SealedCookie<T> {
  read(req: Request): Promise<T | undefined>;
  write(res: Response, value: T): Promise<void>;
  clear(res: Response): void;
}

export function sealedCookie<T extends object>(
  secret: string,
  opts: { name: string; label: string; path: string; secure: boolean; maxAgeMs?: number },
): SealedCookie<T> {
  const key = new Uint8Array(hkdfSync('sha256', secret, 'sso-sealed-cookies', opts.label, 32));
  // Path /admin rules out the `__Host-` prefix (it demands path /); `__Secure-` still pins Secure (RFC 6265bis §4.1.3.1).
  const name = opts.secure ? `__Secure-${opts.name}` : opts.name;
  const options: CookieOptions = { httpOnly: true, sameSite: 'lax', secure: opts.secure, path: opts.path };
  return {
    async read(req) {
      const raw = readCookie(req, name);
      if (!raw || raw.length > 4096) return undefined;
      try {
        const { plaintext } = await compactDecrypt(raw, key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
        return JSON.parse(new TextDecoder().decode(plaintext)) as T;
      } catch {
        return undefined;
      }
    },
    async write(res, value) {
      const sealed = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(value)))
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
        .encrypt(key);
      res.cookie(name, sealed, opts.maxAgeMs === undefined ? options : { ...options, maxAge: opts.maxAgeMs });
    },
    clear(res) {
      res.clearCookie(name, options);
    },
  };
}
