import { InvalidRequest } from '@sso/shared';
import type { AppContext } from '../app-context.js';
import { emptyProgress } from '../sign-in/progress.js';
import type { SignInProgress } from '../sign-in/sign-in-progress.js';

/** Interactions with this client id are sign-ins to the account pages, not authorization requests. */
export const ACCOUNT_INTERACTION = '';

/** The paused authorization request a login or sign-up page is completing, and how far sign-in got. */
export interface PendingInteraction {
  id: string;
  clientId: string;
  clientName: string;
  loginHint: string | undefined;
  /** The authorization request's parameters (empty for an account-page sign-in). */
  params: Record<string, string>;
  progress: SignInProgress;
  createdAt: number;
  expiresAt: number;
}

/** One wording wherever a sign-in request is gone: expired, consumed or never issued. */
export const expiredInteraction = (): InvalidRequest =>
  new InvalidRequest('This sign-in request has expired or is not valid. Go back to the application and start again.');

const INTERACTION_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Loads `?interaction=`; an unknown, malformed or expired one is a 400 page, not a silent restart. */
export async function loadInteraction(ctx: AppContext, id: string | undefined): Promise<PendingInteraction | undefined> {
  if (id === undefined) return undefined;
  const interaction = INTERACTION_ID.test(id) ? await ctx.store.interactions.find(id) : undefined;
  const live = interaction && interaction.expiresAt > ctx.clock() ? interaction : undefined;
  const forAccount = live?.clientId === ACCOUNT_INTERACTION;
  const client = live && !forAccount ? await ctx.store.clients.findById(live.clientId) : undefined;
  if (!live || (!client && !forAccount)) {
    throw expiredInteraction();
  }
  // OpenID Connect Core §3.1.2.1: login_hint only pre-fills; it never selects an account by itself.
  const hint = live.params.login_hint;
  return {
    id: live.id,
    clientId: live.clientId,
    clientName: client?.name ?? 'your account',
    loginHint: typeof hint === 'string' ? hint.slice(0, 64) : undefined,
    params: live.params,
    progress: (await ctx.store.signInProgress.find(live.id)) ?? emptyProgress(),
    createdAt: live.createdAt,
    expiresAt: live.expiresAt,
  };
}

/** Where the browser goes once signed in: back to the paused authorization, or the account page. */
export const continueUrl = (pending: PendingInteraction | undefined): string => {
  if (!pending) return '/account';
  if (pending.clientId === ACCOUNT_INTERACTION) return pending.progress.returnTo ?? '/account';
  return `/authorize/resume/${encodeURIComponent(pending.id)}`;
};

/** A page path carrying the interaction along, e.g. the login page's link to sign-up. */
export const withInteraction = (path: string, pending: PendingInteraction | undefined): string =>
  pending ? `${path}?interaction=${encodeURIComponent(pending.id)}` : path;
