import type { Kysely } from 'kysely';
import type { FactorStores } from '../types.js';
import type { FactorUse } from '../../factors/factor-use.js';
import type { SignInProgress } from '../../sign-in/sign-in-progress.js';
import type { Database } from '../schema.js';
import { json, parse } from './rows.js';

/** Sign-in progress of interactions, factors of sessions, amr/acr of grants: small JSON rows by id. */
export function signInProgressRepository(db: Kysely<Database>): FactorStores['signInProgress'] {
  return {
    async save(interactionId, progress, expiresAt) {
      await db
        .insertInto('sign_in_progress')
        .values({ interaction_id: interactionId, progress: json(progress), expires_at: expiresAt })
        .onConflict((oc) => oc.column('interaction_id').doUpdateSet({ progress: json(progress), expires_at: expiresAt }))
        .execute();
    },
    async find(interactionId) {
      const r = await db.selectFrom('sign_in_progress').select('progress').where('interaction_id', '=', interactionId).executeTakeFirst();
      return r && parse<SignInProgress>(r.progress);
    },
  };
}

export function sessionFactorsRepository(db: Kysely<Database>): FactorStores['sessionFactors'] {
  return {
    async set(sid, factors, expiresAt) {
      await db
        .insertInto('session_factors')
        .values({ sid, factors: json(factors), expires_at: expiresAt })
        .onConflict((oc) => oc.column('sid').doUpdateSet({ factors: json(factors), expires_at: expiresAt }))
        .execute();
    },
    async find(sid) {
      const r = await db.selectFrom('session_factors').select('factors').where('sid', '=', sid).executeTakeFirst();
      return r && parse<FactorUse[]>(r.factors);
    },
  };
}

export function grantAuthenticationsRepository(db: Kysely<Database>): FactorStores['grantAuthentications'] {
  return {
    async set(grantId, value, expiresAt) {
      await db
        .insertInto('grant_authentications')
        .values({ grant_id: grantId, amr: json(value.amr), acr: value.acr, expires_at: expiresAt })
        .onConflict((oc) => oc.column('grant_id').doUpdateSet({ amr: json(value.amr), acr: value.acr, expires_at: expiresAt }))
        .execute();
    },
    async find(grantId) {
      const r = await db.selectFrom('grant_authentications').selectAll().where('grant_id', '=', grantId).executeTakeFirst();
      return r && { amr: parse<string[]>(r.amr), acr: r.acr };
    },
  };
}

export function mfaRequirementsRepository(db: Kysely<Database>): FactorStores['mfaRequirements'] {
  return {
    async set(subjectType, subjectId, required, now) {
      if (!required) {
        await db.deleteFrom('mfa_requirements').where('subject_type', '=', subjectType).where('subject_id', '=', subjectId).execute();
        return;
      }
      await db
        .insertInto('mfa_requirements')
        .values({ subject_type: subjectType, subject_id: subjectId, created_at: now })
        .onConflict((oc) => oc.columns(['subject_type', 'subject_id']).doNothing())
        .execute();
    },
    async has(subjectType, subjectId) {
      const r = await db
        .selectFrom('mfa_requirements')
        .select('subject_id')
        .where('subject_type', '=', subjectType)
        .where('subject_id', '=', subjectId)
        .executeTakeFirst();
      return r !== undefined;
    },
  };
}
