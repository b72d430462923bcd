import type { Kysely } from 'kysely';
import type { FactorStores } from '../types.js';
import type { Database } from '../schema.js';
import { passkeysRepository, webauthnChallengesRepository } from './passkeys.js';
import { recoveryCodesRepository } from './recovery-codes.js';
import {
  grantAuthenticationsRepository,
  mfaRequirementsRepository,
  sessionFactorsRepository,
  signInProgressRepository,
} from './sign-in-records.js';
import { totpRepository } from './totp-secrets.js';

export function factorStores(db: Kysely<Database>): FactorStores {
  return {
    signInProgress: signInProgressRepository(db),
    sessionFactors: sessionFactorsRepository(db),
    grantAuthentications: grantAuthenticationsRepository(db),
    mfaRequirements: mfaRequirementsRepository(db),
    totp: totpRepository(db),
    recoveryCodes: recoveryCodesRepository(db),
    passkeys: passkeysRepository(db),
    webauthnChallenges: webauthnChallengesRepository(db),
  };
}
