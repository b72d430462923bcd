import type { Config } from '../config/config.js';
import type { Outbox } from '../outbox/outbox.js';
import type { Store } from '../store/types.js';
import type { Account } from './account.js';
import type { Client } from '../clients/client.js';

/** Sign-in waits for a verified address when the server says so, or the client does. */
export const mustVerifyEmail = (config: Pick<Config, 'requireVerifiedEmail'>, client: Client | undefined, account: Account): boolean =>
  !account.emailVerified && (config.requireVerifiedEmail || client?.requireVerifiedEmail === true);

/** At most one new verification mail per account every five minutes, however often it signs in. */
const RESEND_AFTER_MS = 5 * 60_000;

/** Queues a fresh verification mail unless one went out a moment ago; true when one was queued. */
export async function requestVerificationMail(deps: { store: Store; outbox: Outbox }, account: Account, now: number): Promise<boolean> {
  if (!account.email || account.emailVerified) return false;
  if ((await deps.store.accountTokens.countSince(account.id, 'verify_email', now - RESEND_AFTER_MS)) > 0) return false;
  const pending = await deps.store.outbox.list({ status: ['pending', 'sending'], limit: 200 });
  if (pending.some((i) => i.kind === 'verify_email' && i.payload.accountId === account.id)) return false;
  await deps.store.transaction((tx) => deps.outbox.enqueue(tx, 'verify_email', { accountId: account.id, email: account.email }));
  return true;
}
