import type { AppContext } from '../app-context.js';
import { isMultiFactor } from '../factors/factor.js';
import { enrolledSecondFactors } from '../factors/registry.js';
import type { Authentication, PolicyInput } from './policy-rules.js';

/** The parts of an authorization request the policy reads (already validated by the authorize steps). */
export interface PolicyRequest {
  clientId: string | null;
  prompt: ReadonlySet<string>;
  maxAge: number | undefined;
  acrValues: readonly string[];
  hintSub: string | null;
}

/** Reads them back from a parked request's parameters. */
export function policyRequestFromParams(params: Record<string, string>, clientId: string | null, hintSub: string | null): PolicyRequest {
  const words = (v: string | undefined) => (v ?? '').split(' ').filter(Boolean);
  const maxAge = params.max_age !== undefined && /^\d{1,9}$/.test(params.max_age) ? Number(params.max_age) : undefined;
  return { clientId, prompt: new Set(words(params.prompt)), maxAge, acrValues: words(params.acr_values), hintSub };
}

/** The one place the policy's input is gathered: request, client, account and authentication. */
export async function buildPolicyInput(ctx: AppContext, request: PolicyRequest, authn: Authentication | undefined): Promise<PolicyInput> {
  // A multi-factor sign-in already meets every factor rule: no need to look them up.
  const accountId = authn && !isMultiFactor(authn.factors) ? authn.accountId : undefined;
  const [clientRequiresMfa, accountRequiresMfa, enrolled] = await Promise.all([
    accountId && request.clientId ? ctx.store.mfaRequirements.has('client', request.clientId) : false,
    accountId ? ctx.store.mfaRequirements.has('account', accountId) : false,
    accountId ? enrolledSecondFactors(ctx.store, accountId) : [],
  ]);
  return {
    now: ctx.clock(),
    prompt: request.prompt,
    maxAge: request.maxAge,
    acrValues: request.acrValues,
    hintSub: request.hintSub,
    clientRequiresMfa,
    authn,
    accountRequiresMfa,
    enrolledSecondFactors: enrolled,
  };
}
