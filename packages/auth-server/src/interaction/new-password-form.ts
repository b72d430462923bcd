import type { Request, Response } from 'express';
import { PASSWORD_MIN_LENGTH, passwordPolicyViolation } from '../accounts/passwords.js';
import { firstProblem } from '../accounts/signup-input.js';
import type { AppContext } from '../app-context.js';
import { renderPage } from './render-page.js';

export type NewPasswordField = 'current_password' | 'new_password' | 'confirm_password';
const ORDER: NewPasswordField[] = ['current_password', 'new_password', 'confirm_password'];

/** A new password typed twice, meeting the policy; every problem at once. */
export function newPasswordProblems(
  values: { new_password?: string | undefined; confirm_password?: string | undefined },
  username: string,
): Partial<Record<NewPasswordField, string>> {
  const problems: Partial<Record<NewPasswordField, string>> = {};
  const password = values.new_password ?? '';
  const weak = password ? passwordPolicyViolation(password, username) : 'Choose a new password.';
  if (weak) problems.new_password = weak;
  if (!values.confirm_password) problems.confirm_password = 'Type the new password again.';
  else if (values.confirm_password !== password) problems.confirm_password = 'The two passwords differ. Type the same password twice.';
  return problems;
}

/** The reset form (with the link's token) or the change form (with the current password). */
export function showNewPasswordForm(
  ctx: AppContext,
  req: Request,
  res: Response,
  opts: { token?: string; username: string; errors?: Partial<Record<NewPasswordField, string>>; error?: string | undefined; notice?: string },
  status = 200,
): void {
  const errors = opts.errors ?? {};
  const change = opts.token === undefined;
  renderPage(
    ctx,
    req,
    res,
    'new-password',
    {
      title: change ? 'Change password' : 'Choose a new password',
      action: change ? '/account/password' : '/reset-password',
      token: opts.token,
      askCurrent: change,
      username: opts.username,
      errors,
      focus: firstProblem(ORDER, errors) ?? (change ? 'current_password' : 'new_password'),
      minLength: PASSWORD_MIN_LENGTH,
      button: change ? 'Change password' : 'Set new password',
      backHref: change ? '/account' : '/login',
      backLabel: change ? 'Back to your account' : 'Back to sign in',
      error: opts.error,
      notice: opts.notice ?? (change ? 'Your other sessions are signed out when the password changes.' : null),
    },
    status,
  );
}
