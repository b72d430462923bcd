import { createServer } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { manualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { createKeyStore } from '../../src/keys/db-key-store.js';
import { createLogger } from '../../src/logger.js';
import { createSmtpMailer, type Mailer } from '../../src/mail/mailer.js';
import { startMailCatcher, type MailCatcher } from '../../src/mail/dev/mail-catcher.js';
import { createAppOutbox } from '../../src/outbox/handlers.js';
import type { Store } from '../../src/store/types.js';

/** A port nothing listens on (yet): SMTP "down" until a catcher is started on it. */
export async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

export const mailerFor = (port: number): Mailer => createSmtpMailer(`smtp://127.0.0.1:${port}`, 'SSO <no-reply@sso.test>');

/** An outbox over `store` that sends through real SMTP to `port`, driven by a hand clock. */
export function outboxOver(store: Store, port: number, clock = manualClock(Date.now())) {
  const config = loadConfig({ NODE_ENV: 'test', ISSUER: 'http://sso.test' });
  const mailer = mailerFor(port);
  const deps = { store, clock, config, logger: createLogger('silent'), keys: createKeyStore({ store, clock, config }), fetch, mailer };
  return { outbox: createAppOutbox(deps), clock, mailer, deps };
}

export async function catcherOn(port = 0): Promise<MailCatcher> {
  return startMailCatcher({ port });
}

export const mail = (to: string, subject = 'Hello') => ({ to, subject, text: `text for ${to}`, html: `<p>html for ${to}</p>` });
