import { createHmac, hkdfSync, randomInt } from 'node:crypto';
import type { AppContext } from '../../app-context.js';

export const RECOVERY_CODE_COUNT = 10;
/** 12 symbols of 32 (no 0/1/i/l/o): 60 bits, typed as xxxx-xxxx-xxxx. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const LENGTH = 12;

/** Lower case, without separators or spaces; undefined when it cannot be a code. */
export function normalizeRecoveryCode(input: string): string | undefined {
  const code = input.toLowerCase().replace(/[\s-]+/g, '');
  return code.length === LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}

const newCode = (): string => Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
const format = (code: string): string => code.match(/.{4}/g)!.join('-');

/**
 * Codes are stored as HMAC-SHA256 under a key derived from KEY_ENCRYPTION_SECRET: a database dump
 * alone cannot be searched for them offline, and a lookup is one indexed query (unlike a slow hash
 * per code, whose salt would make every code a separate check).
 */
export function recoveryCodes(ctx: AppContext) {
  const key = Buffer.from(hkdfSync('sha256', ctx.config.keyEncryptionSecret, 'sso-factor-secrets', 'recovery-code-v1', 32));
  const hash = (code: string) => createHmac('sha256', key).update(code).digest('base64url');
  return {
    /** A new set replacing the old one; the plain codes are returned once, to show once. */
    async regenerate(accountId: string): Promise<string[]> {
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
      await ctx.store.recoveryCodes.replace(accountId, codes.map(hash), ctx.clock());
      return codes.map(format);
    },
    async use(accountId: string, input: string): Promise<'ok' | 'malformed' | 'invalid'> {
      const code = normalizeRecoveryCode(input);
      if (!code) return 'malformed';
      return (await ctx.store.recoveryCodes.use(accountId, hash(code), ctx.clock())) ? 'ok' : 'invalid';
    },
    remaining: (accountId: string) => ctx.store.recoveryCodes.countUnused(accountId),
  };
}
