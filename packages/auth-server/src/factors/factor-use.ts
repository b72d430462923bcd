/** Factor modules this server knows; each one names its own id (factors/registry.ts). */
export type FactorId = 'password' | 'totp' | 'recovery_code' | 'passkey';

/** One factor done at one time, with the RFC 8176 methods it proves. */
export interface FactorUse {
  factor: FactorId;
  at: number;
  amr: string[];
}
