import { Secret, TOTP } from 'otpauth';

/** RFC 6238 with the parameters every authenticator app understands: SHA-1, 6 digits, 30 s. */
const PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;

/** One step either side absorbs clock drift and typing time (RFC 6238 §5.2 "one time step"). */
const WINDOW = 1;

/** A new 160-bit shared secret (RFC 4226 §4 recommends 160 bits), base32 as apps expect. */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The otpauth:// URI for the QR code (Key Uri Format, as Google Authenticator defines it). */
export function otpauthUri(secret: string, issuer: string, label: string): string {
  return new TOTP({ ...PARAMS, issuer, label, secret: Secret.fromBase32(secret) }).toString();
}

/** Six digits, spaces allowed in between as apps display them. */
export const normalizeTotpCode = (input: string): string | undefined => {
  const code = input.replace(/\s+/g, '');
  return /^\d{6}$/.test(code) ? code : undefined;
};

/** The time step the code belongs to, or undefined when it matches none within the window. */
export function matchTotpStep(secret: string, code: string, now: number): number | undefined {
  const delta = TOTP.validate({ ...PARAMS, token: code, secret: Secret.fromBase32(secret), timestamp: now, window: WINDOW });
  if (delta === null) return undefined;
  return TOTP.counter({ period: PARAMS.period, timestamp: now }) + delta;
}

/** The code for a moment: for tests and the CLI, never shown by the server. */
export const totpCodeAt = (secret: string, at: number): string => TOTP.generate({ ...PARAMS, secret: Secret.fromBase32(secret), timestamp: at });
