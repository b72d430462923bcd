import { createHash, randomBytes } from 'node:crypto';

/** 256 bits from the CSPRNG, base64url: codes and refresh tokens (RFC 6749 §10.10). */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** Stored form of a bearer secret: a leaked table yields nothing usable. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');
