import type { Request, Response } from 'express';
import type { AppContext } from '../app-context.js';
import { isFirstFactor } from '../factors/factor.js';
import { ACCOUNT_INTERACTION, continueUrl, type PendingInteraction } from '../interaction/load-interaction.js';
import type { FactorUse } from '../factors/factor-use.js';
import type { SignInProgress } from './sign-in-progress.js';
import type { Account } from '../accounts/account.js';
import { evaluatePolicy, type Verdict } from './evaluate-policy.js';
import { finishSignIn } from './finish-sign-in.js';
import { holdUntilEmailVerified } from './hold-unverified-email.js';
import { refuseDisabled } from './refuse-disabled.js';
import { buildPolicyInput, policyRequestFromParams } from './policy-input.js';
import type { Authentication } from './policy-rules.js';
import { emptyProgress, progressAuthentication, sessionAuthentication } from './progress.js';
import { randomBase64url } from '../tokens/opaque.js';

/** A sign-in begun on the login page itself, or a re-authentication for the account pages. */
const ACCOUNT_SIGN_IN_TTL_MS = 15 * 60_000;

export async function startAccountInteraction(ctx: AppContext, params: Record<string, string>, returnTo: string | null): Promise<PendingInteraction> {
  const id = randomBase64url(16);
  const now = ctx.clock();
  const expiresAt = now + ACCOUNT_SIGN_IN_TTL_MS;
  const progress: SignInProgress = { ...emptyProgress(), returnTo };
  await ctx.store.interactions.create({ id, clientId: ACCOUNT_INTERACTION, params, createdAt: now, expiresAt });
  await ctx.store.signInProgress.save(id, progress, expiresAt);
  return { id, clientId: ACCOUNT_INTERACTION, clientName: 'your account', loginHint: undefined, params, progress, createdAt: now, expiresAt };
}

/** The policy's verdict on the sign-in a login page is part of (with its interaction, if any). */
export async function pageVerdict(
  ctx: AppContext,
  req: Request,
  pending: PendingInteraction | undefined,
  progress: SignInProgress = pending?.progress ?? emptyProgress(),
): Promise<{ verdict: Verdict; authn: Authentication | undefined }> {
  const current = req.authSession;
  const session = current ? await sessionAuthentication(ctx, current.session, pending?.createdAt ?? ctx.clock()) : undefined;
  const authn = progressAuthentication(progress, session);
  const clientId = pending && pending.clientId !== ACCOUNT_INTERACTION ? pending.clientId : null;
  const request = policyRequestFromParams(pending?.params ?? {}, clientId, progress.hintSub);
  return { verdict: evaluatePolicy(await buildPolicyInput(ctx, request, authn)), authn };
}

/**
 * After a factor succeeded: records it in the interaction's progress and asks the policy what is
 * next. Still due: the second-factor page. Nothing due: the session starts with every factor done.
 */
export async function advanceSignIn(
  ctx: AppContext,
  req: Request,
  res: Response,
  account: Account,
  use: FactorUse,
  pendingIn: PendingInteraction | undefined,
): Promise<void> {
  if (await refuseDisabled(ctx, req, res, account)) return;
  const before = pendingIn?.progress ?? emptyProgress();
  // A first factor starts over, unless it completes one already done for the same account (a
  // passkey after the password).
  const restart = isFirstFactor(use) && !(before.accountId === account.id && before.done.some(isFirstFactor));
  const progress: SignInProgress = restart
    ? { ...before, accountId: account.id, done: [use], browser: ctx.csrf.browserBinding(req) ?? null }
    : { ...before, accountId: before.accountId ?? account.id, done: [...before.done, use] };
  let pending = pendingIn && { ...pendingIn, progress };
  const { verdict, authn } = await pageVerdict(ctx, req, pending, progress);
  res.set('Cache-Control', 'no-store');

  if (verdict.due === 'second_factor' || verdict.due === 'login' || !authn) {
    pending ??= { ...(await startAccountInteraction(ctx, {}, null)), progress };
    await ctx.store.signInProgress.save(pending.id, progress, pending.expiresAt);
    res.redirect(303, `/login/verify?interaction=${encodeURIComponent(pending.id)}`);
    return;
  }
  if (await holdUntilEmailVerified(ctx, req, res, account, pending)) return;
  await finishSignIn(ctx, req, res, account, authn.factors, pending?.clientId ?? null);
  if (pending) await ctx.store.signInProgress.save(pending.id, progress, pending.expiresAt);
  if (verdict.due === 'enrol') {
    res.redirect(303, pending ? `/account/security?interaction=${encodeURIComponent(pending.id)}` : '/account/security');
    return;
  }
  // 'refuse' too: the user did sign in; the authorize endpoint answers the client with the error.
  res.redirect(303, continueUrl(pending));
}
