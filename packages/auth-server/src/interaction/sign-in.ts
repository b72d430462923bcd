import type { Request, Response } from 'express';
import type { AppContext } from '../app-context.js';
import { factorUse } from '../factors/factor.js';
import { finishSignIn } from '../sign-in/finish-sign-in.js';
import { holdUntilEmailVerified } from '../sign-in/hold-unverified-email.js';
import type { Account } from '../accounts/account.js';
import { continueUrl, type PendingInteraction } from './load-interaction.js';

/**
 * A new account is signed in with its password and sent on with 303, unless its address must be
 * verified first. (Logins go through the policy in sign-in/advance-sign-in.ts; a new account has
 * no second factor yet.)
 */
export async function completeSignIn(ctx: AppContext, req: Request, res: Response, account: Account, pending: PendingInteraction | undefined): Promise<void> {
  if (await holdUntilEmailVerified(ctx, req, res, account, pending)) return;
  await finishSignIn(ctx, req, res, account, [factorUse('password', ctx.clock(), ['pwd'])], pending?.clientId ?? null);
  res.set('Cache-Control', 'no-store').redirect(303, continueUrl(pending));
}
