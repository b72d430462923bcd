import { hash, randomFillSync } from 'node:crypto';

/**
 * CSPRNG bytes fetched 2 KB at a time: each call into OpenSSL costs some microseconds whatever its
 * size, and the token endpoint needs a few small values per request (Node's randomUUID batches the
 * same way). Bytes are handed out once and zeroed as they go.
 */
const pool = Buffer.alloc(2048);
let next = pool.length;

/** `bytes` random bytes, base64url: identifiers and secrets. */
export function randomBase64url(bytes: number): string {
  if (bytes > pool.length) throw new RangeError('too many random bytes asked for at once');
  if (next + bytes > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  const value = pool.toString('base64url', next, next + bytes);
  pool.fill(0, next, next + bytes);
  next += bytes;
  return value;
}

/** 256 bits from the CSPRNG, base64url: codes and refresh tokens (RFC 6749 §10.10). */
export const randomToken = (): string => randomBase64url(32);

/** Stored form of a bearer secret: a leaked table yields nothing usable. */
export const hashToken = (token: string): string => hash('sha256', token, 'base64url');
