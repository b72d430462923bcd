import { ACR_MULTI_FACTOR, isMultiFactor } from '../factors/factor.js';
import type { FactorId, FactorUse } from '../factors/factor-use.js';

/** The authentication being judged: a live session, or the factors done on the login pages. */
export interface Authentication {
  accountId: string;
  factors: FactorUse[];
  /** OIDC Core §2 auth_time, epoch ms. */
  authTime: number;
  /** A first factor was done during this authorization request (it satisfies prompt=login, max_age). */
  fresh: boolean;
}

/** Everything a rule may look at; built in one place (policy-input.ts). */
export interface PolicyInput {
  now: number;
  prompt: ReadonlySet<string>;
  maxAge: number | undefined;
  acrValues: readonly string[];
  /** `sub` of a verified id_token_hint. */
  hintSub: string | null;
  clientRequiresMfa: boolean;
  authn: Authentication | undefined;
  /** The identified account's own requirements; empty when nobody is identified yet. */
  accountRequiresMfa: boolean;
  enrolledSecondFactors: readonly FactorId[];
}

/** What a rule asks for: a (new) first factor, a second factor, or refusing the request. */
export type Need = 'login' | 'second_factor' | 'refuse';

export interface Rule {
  id: string;
  /** Why, in words an operator reads in the audit log and the docs. */
  reason: string;
  check(input: PolicyInput): Need | undefined;
}

const wantsMfa = (i: PolicyInput): boolean => !i.authn || !isMultiFactor(i.authn.factors);

/**
 * The sign-in policy as data, evaluated in order by evaluatePolicy. Adding a requirement is adding a
 * row; the authorize endpoint and every login page read the same table.
 */
export const RULES: readonly Rule[] = [
  { id: 'no_session', reason: 'nobody is signed in', check: (i) => (i.authn ? undefined : 'login') },
  {
    id: 'prompt_login',
    reason: 'the client asked for a new sign-in (OIDC Core §3.1.2.1 prompt=login / select_account)',
    check: (i) => ((i.prompt.has('login') || i.prompt.has('select_account')) && !i.authn?.fresh ? 'login' : undefined),
  },
  {
    id: 'max_age',
    reason: 'the sign-in is older than max_age (OIDC Core §3.1.2.1)',
    check: (i) => (i.authn && !i.authn.fresh && i.maxAge !== undefined && i.now - i.authn.authTime > i.maxAge * 1000 ? 'login' : undefined),
  },
  {
    id: 'hint_other_user',
    reason: 'id_token_hint names another user than the one signed in (OIDC Core §3.1.2.1)',
    check: (i) => {
      if (!i.authn || i.hintSub === null || i.hintSub === i.authn.accountId) return undefined;
      // Asked to sign in as the hinted user and signed in as someone else: no positive answer.
      return i.authn.fresh ? 'refuse' : 'login';
    },
  },
  {
    id: 'acr_values',
    reason: 'acr_values asks for multi-factor authentication the sign-in does not have',
    // acr_values is a voluntary request (OIDC Core §5.5.1.1): with no second factor enrolled the
    // answer states the lower acr and the client decides.
    check: (i) => (i.acrValues.includes(ACR_MULTI_FACTOR) && wantsMfa(i) && i.enrolledSecondFactors.length > 0 ? 'second_factor' : undefined),
  },
  { id: 'client_requires_mfa', reason: 'the client requires a second factor', check: (i) => (i.clientRequiresMfa && wantsMfa(i) ? 'second_factor' : undefined) },
  { id: 'account_requires_mfa', reason: 'an administrator requires a second factor for this account', check: (i) => (i.accountRequiresMfa && wantsMfa(i) ? 'second_factor' : undefined) },
  {
    id: 'account_second_factor',
    reason: 'the account has a second factor enrolled',
    check: (i) => (i.enrolledSecondFactors.length > 0 && wantsMfa(i) ? 'second_factor' : undefined),
  },
];
