import type { Request, Response } from 'express';
import type { AppContext } from '../app-context.js';
import { signedInRecently } from '../factors/recent-sign-in.js';
import { recoveryCodes } from '../factors/recovery/recovery-codes.js';
import { stringParam } from '../http/params.js';
import { loadInteraction, type PendingInteraction } from './load-interaction.js';
import { renderPage } from './render-page.js';

/** Fixed confirmations for `?done=`: the page never reflects text from the URL. */
const NOTICES: Record<string, string> = {
  'totp-removed': 'The authenticator app was removed.',
  'passkey-removed': 'The passkey was removed.',
  'passkey-renamed': 'The passkey was renamed.',
  'passkey-added': 'Your passkey was added.',
};

/** The interaction a security page continues (an app that requires a second factor), if any. */
export async function pendingFrom(ctx: AppContext, req: Request, value?: string): Promise<PendingInteraction | undefined> {
  return loadInteraction(ctx, value ?? stringParam(req.query, 'interaction', { maxLength: 128 }));
}

/** /account/security: the factors of the signed-in account and what can be done with them. */
export async function showSecurity(ctx: AppContext, req: Request, res: Response, status = 200, error?: string): Promise<void> {
  const { account } = req.authSession!;
  const pending = await pendingFrom(ctx, req);
  const [totp, passkeys, remaining] = await Promise.all([
    ctx.store.totp.find(account.id),
    ctx.store.passkeys.listByAccount(account.id),
    recoveryCodes(ctx).remaining(account.id),
  ]);
  const done = typeof req.query.done === 'string' ? req.query.done : '';
  renderPage(
    ctx,
    req,
    res,
    'security',
    {
      title: 'Sign-in security',
      pending,
      totpEnabled: totp?.confirmedAt != null,
      passkeys,
      recoveryRemaining: remaining,
      recent: signedInRecently(ctx, req),
      notice: NOTICES[done] ?? null,
      error,
      formatTime: (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    },
    status,
  );
}
