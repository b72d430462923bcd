import type { Request } from 'express';
import type { AppContext } from '../app-context.js';
import { isFirstFactor } from '../factors/factor.js';
import type { PendingInteraction } from '../interaction/load-interaction.js';
import type { Account } from '../accounts/account.js';

/**
 * Whose second factor a page asks for: the account a first factor identified in this interaction,
 * or, for a step-up, the signed-in account. Nobody otherwise: the login page comes first.
 */
export async function verifyingAccount(ctx: AppContext, req: Request, pending: PendingInteraction | undefined): Promise<Account | undefined> {
  const progress = pending?.progress;
  if (progress?.accountId && progress.done.some(isFirstFactor)) {
    // Someone else holding the interaction id cannot finish a sign-in begun in another browser.
    if (progress.browser && progress.browser !== ctx.csrf.browserBinding(req)) return undefined;
    return ctx.store.accounts.findById(progress.accountId);
  }
  const session = req.authSession;
  if (session && (!progress?.accountId || progress.accountId === session.account.id)) return session.account;
  return undefined;
}
