import { RULES, type PolicyInput, type Rule } from './policy-rules.js';

/**
 * What is still due: `login` (a first factor), `second_factor`, `enrol` (a second factor is
 * required but none is set up: the user sets one up, which is also its first use), `refuse`, or
 * nothing. `reasons` names the rules that fired, for pages, audit and tests.
 */
export interface Verdict {
  due: 'login' | 'second_factor' | 'enrol' | 'refuse' | null;
  reasons: string[];
}

export function evaluatePolicy(input: PolicyInput, rules: readonly Rule[] = RULES): Verdict {
  const fired = rules.map((rule) => ({ rule, need: rule.check(input) })).filter((r) => r.need !== undefined);
  const ids = (need: string) => fired.filter((r) => r.need === need).map((r) => r.rule.id);
  if (ids('refuse').length > 0) return { due: 'refuse', reasons: ids('refuse') };
  if (ids('login').length > 0) return { due: 'login', reasons: ids('login') };
  const second = ids('second_factor');
  if (second.length === 0) return { due: null, reasons: [] };
  return { due: input.enrolledSecondFactors.length > 0 ? 'second_factor' : 'enrol', reasons: second };
}
