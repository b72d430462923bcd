import { isValidEmail, normalizeEmail, normalizeUsername, USERNAME_PATTERN } from './create-account.js';
import { passwordPolicyViolation } from './passwords.js';

export type SignupField = 'username' | 'email' | 'password' | 'confirm_password';

/** Field order on the form: the first one with a problem gets the focus. */
export const SIGNUP_FIELDS: SignupField[] = ['username', 'email', 'password', 'confirm_password'];

/**
 * Every problem of a sign-up form at once (WCAG 2.2 SC 3.3.1 and 3.3.3: identify each error and
 * suggest the fix), so nobody fixes one field only to be told about the next.
 */
export function signupProblems(input: Partial<Record<SignupField, string>>): Partial<Record<SignupField, string>> {
  const problems: Partial<Record<SignupField, string>> = {};
  const username = normalizeUsername(input.username ?? '');
  if (!USERNAME_PATTERN.test(username)) problems.username = 'Choose a username of 3 to 32 characters: letters, digits, dots, dashes and underscores.';
  const email = normalizeEmail(input.email ?? '');
  if (!email) problems.email = 'Enter your e-mail address: it is how you get back in if you forget your password.';
  else if (!isValidEmail(email)) problems.email = 'Enter a valid e-mail address, like name@example.com.';
  const password = input.password ?? '';
  const weak = password ? passwordPolicyViolation(password, username) : 'Choose a password.';
  if (weak) problems.password = weak;
  if (!input.confirm_password) problems.confirm_password = 'Type the password again.';
  else if (input.confirm_password !== password) problems.confirm_password = 'The two passwords differ. Type the same password twice.';
  return problems;
}

/** The first field with a problem, in form order. */
export const firstProblem = <F extends string>(order: F[], problems: Partial<Record<F, string>>): F | undefined => order.find((f) => problems[f]);
