import type { Deps } from '../deps.js';
import { epochSeconds } from '../clock.js';
import { issueLink } from '../accounts/account-links.js';
import type { Mail } from '../mail/mailer.js';
import { confirmEmailChangeMail, resetPasswordMail, verifyEmailMail } from '../mail/templates.js';
import { deliver } from '../sessions/logout.js';
import type { OutboxItem } from './outbox-item.js';
import { buildLogoutToken } from '../tokens/logout-token.js';
import { createOutbox, type OutboxHandler } from './outbox.js';

export type OutboxDeps = Pick<Deps, 'store' | 'clock' | 'config' | 'logger' | 'keys' | 'fetch' | 'mailer'>;

/** Reset mails one account can be sent per hour, whoever asks (the per-IP limit is on the form). */
export const RESET_MAILS_PER_HOUR = 3;

/** The kinds of side effect and how each is done. */
export function outboxHandlers(deps: OutboxDeps): Record<string, OutboxHandler> {
  const { store, clock, config } = deps;
  const linkDeps = { store, clock, issuer: config.issuer };

  async function send(mail: Mail): Promise<void> {
    if (!deps.mailer) throw new Error('no SMTP_URL configured');
    await deps.mailer.send(mail);
  }

  return {
    /** A finished mail (notices): no secret in it, so it can wait in the table. */
    mail: { maxAttempts: 12, handle: (item) => send(item.payload as unknown as Mail) },

    /**
     * Mails carrying a link are stored as intents: the token is made when the mail goes out, so no
     * usable link ever rests in the outbox. A retry makes a new link; an undelivered one just expires.
     */
    verify_email: {
      maxAttempts: 12,
      async handle(item) {
        const { accountId, email } = item.payload as { accountId: string; email: string };
        const account = await store.accounts.findById(accountId);
        if (!account || account.email !== email || account.emailVerified) return; // nothing left to verify
        await send(verifyEmailMail(email, await issueLink(linkDeps, accountId, 'verify_email', email)));
      },
    },
    reset_password: {
      maxAttempts: 12,
      async handle(item) {
        const { email } = item.payload as { email: string };
        const account = await store.accounts.findByEmail(email);
        // No account, or asked too often: nothing is sent, and the page already answered alike.
        if (!account) return;
        if ((await store.accountTokens.countSince(account.id, 'reset_password', clock() - 3600_000)) >= RESET_MAILS_PER_HOUR) {
          deps.logger.warn({ accountId: account.id }, 'password reset mail withheld: per-account limit');
          return;
        }
        await send(resetPasswordMail(email, await issueLink(linkDeps, account.id, 'reset_password', email)));
      },
    },
    confirm_email_change: {
      maxAttempts: 12,
      async handle(item) {
        const { accountId, email } = item.payload as { accountId: string; email: string };
        if (!(await store.accounts.findById(accountId))) return;
        await send(confirmEmailChangeMail(email, await issueLink(linkDeps, accountId, 'change_email', email)));
      },
    },

    /**
     * Back-Channel Logout 1.0 §2.5. The logout token is signed at each attempt (it lives two
     * minutes); the client's current URI is used, and a client that is gone or has none is done.
     */
    backchannel_logout: {
      maxAttempts: 8,
      async handle(item: OutboxItem) {
        const { clientId, sub, sid } = item.payload as { clientId: string; sub: string; sid?: string };
        const client = await store.clients.findById(clientId);
        if (!client?.backchannelLogoutUri) return;
        const logoutToken = await buildLogoutToken(deps.keys, { issuer: config.issuer, clientId, sub, sid, nowSec: epochSeconds(clock) });
        if (!(await deliver(deps, client.backchannelLogoutUri, logoutToken, clientId))) throw new Error('client did not acknowledge the logout token');
      },
    },
  };
}

/** The outbox with this server's handlers. Stateless apart from its owner id: build one per use. */
export const createAppOutbox = (deps: OutboxDeps) => createOutbox({ ...deps, handlers: outboxHandlers(deps) });
