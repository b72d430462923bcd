import { factorUse } from '../factors/factor.js';
import { evaluatePolicy } from './evaluate-policy.js';
import type { PolicyInput } from './policy-rules.js';

const NOW = 1_000_000_000;
const pwd = factorUse('password', NOW - 60_000, ['pwd']);
const otp = factorUse('totp', NOW - 30_000, ['otp']);
const passkey = factorUse('passkey', NOW - 60_000, ['hwk', 'user']);

const input = (over: Partial<PolicyInput> = {}): PolicyInput => ({
  now: NOW,
  prompt: new Set(),
  maxAge: undefined,
  acrValues: [],
  hintSub: null,
  clientRequiresMfa: false,
  authn: { accountId: 'alice', factors: [pwd], authTime: NOW - 60_000, fresh: false },
  accountRequiresMfa: false,
  enrolledSecondFactors: [],
  ...over,
});

describe('the sign-in policy', () => {
  test.each([
    ['a live password session: nothing due', {}, null, []],
    ['no session', { authn: undefined }, 'login', ['no_session']],
    ['prompt=login', { prompt: new Set(['login']) }, 'login', ['prompt_login']],
    ['prompt=select_account', { prompt: new Set(['select_account']) }, 'login', ['prompt_login']],
    ['max_age passed', { maxAge: 30 }, 'login', ['max_age']],
    ['max_age not passed', { maxAge: 120 }, null, []],
    ['a hint for another user', { hintSub: 'bob' }, 'login', ['hint_other_user']],
    ['a hint for this user', { hintSub: 'alice' }, null, []],
    ['acr_values mfa with a factor enrolled', { acrValues: ['urn:sso:acr:mfa'], enrolledSecondFactors: ['totp'] }, 'second_factor', ['acr_values', 'account_second_factor']],
    ['acr_values mfa with nothing enrolled (voluntary)', { acrValues: ['urn:sso:acr:mfa'] }, null, []],
    ['client requires MFA, nothing enrolled', { clientRequiresMfa: true }, 'enrol', ['client_requires_mfa']],
    ['account requires MFA, totp enrolled', { accountRequiresMfa: true, enrolledSecondFactors: ['totp'] }, 'second_factor', ['account_requires_mfa', 'account_second_factor']],
  ] as const)('%s', (_name, over, due, reasons) => {
    const verdict = evaluatePolicy(input(over));
    expect(verdict.due).toBe(due);
    expect(verdict.reasons).toEqual(reasons);
  });

  test('a fresh sign-in satisfies prompt=login and max_age', () => {
    const authn = { accountId: 'alice', factors: [pwd], authTime: NOW - 60_000, fresh: true };
    expect(evaluatePolicy(input({ authn, prompt: new Set(['login']), maxAge: 1 })).due).toBeNull();
  });

  test('signed in afresh as another user than the hint: refused', () => {
    const authn = { accountId: 'alice', factors: [pwd], authTime: NOW, fresh: true };
    expect(evaluatePolicy(input({ authn, hintSub: 'bob' }))).toEqual({ due: 'refuse', reasons: ['hint_other_user'] });
  });

  test('password plus TOTP, or a passkey alone, is multi-factor: no second factor due', () => {
    for (const factors of [[pwd, otp], [passkey]]) {
      const authn = { accountId: 'alice', factors, authTime: NOW, fresh: false };
      expect(evaluatePolicy(input({ authn, acrValues: ['urn:sso:acr:mfa'], clientRequiresMfa: true, enrolledSecondFactors: ['totp'] })).due).toBeNull();
    }
  });
});
