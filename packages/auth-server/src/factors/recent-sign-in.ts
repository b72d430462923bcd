import type { Request } from 'express';
import type { AppContext } from '../app-context.js';

/** How recent the last sign-in must be to add or remove a factor (issue 11: re-authentication). */
export const RECENT_SIGN_IN_MS = 10 * 60_000;

/** True when this browser's session authenticated (any factor) within RECENT_SIGN_IN_MS. */
export const signedInRecently = (ctx: AppContext, req: Request): boolean =>
  req.authSession !== undefined && ctx.clock() - req.authSession.session.authTime <= RECENT_SIGN_IN_MS;

/** A path on this server under /account, safe to continue to after re-authentication. */
export const safeReturnPath = (v: string | undefined): string | null =>
  v && /^\/account(\/[a-z0-9/-]*)?(\?interaction=[A-Za-z0-9_-]{1,128})?$/.test(v) ? v : null;
