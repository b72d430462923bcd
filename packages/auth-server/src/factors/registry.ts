import type { FactorId } from './factor-use.js';
import type { Store } from '../store/types.js';

/**
 * The second factors an account can enrol. Adding a factor is adding a module here, with its
 * routes, its view and its table; the policy only asks which ones an account has.
 */
export interface SecondFactorModule {
  id: FactorId;
  isEnrolled(store: Store, accountId: string): Promise<boolean>;
}

export const SECOND_FACTORS: readonly SecondFactorModule[] = [
  { id: 'totp', isEnrolled: async (store, accountId) => (await store.totp.find(accountId))?.confirmedAt != null },
  { id: 'passkey', isEnrolled: async (store, accountId) => (await store.passkeys.listByAccount(accountId)).length > 0 },
];

/** Enrolled second factors; recovery codes only back these up and are not one by themselves. */
export async function enrolledSecondFactors(store: Store, accountId: string): Promise<FactorId[]> {
  const enrolled = await Promise.all(SECOND_FACTORS.map((f) => f.isEnrolled(store, accountId)));
  return SECOND_FACTORS.filter((_, i) => enrolled[i]).map((f) => f.id);
}
