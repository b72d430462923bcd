import { startMailCatcher, type CapturedMail, type MailCatcher } from '../../src/mail/dev/mail-catcher.js';
import { createSmtpMailer, type Mailer } from '../../src/mail/mailer.js';
import { createAppOutbox } from '../../src/outbox/handlers.js';
import type { Env } from '../../src/config/config.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { browser, type Browser } from '../interaction/browser.js';

export const PASSWORD = 'correct horse battery staple';
export const NEW_PASSWORD = 'a-fresh-river-of-stones-7';

export interface EmailFixture {
  t: TestContext;
  catcher: MailCatcher;
  mailer: Mailer;
  /** Runs the outbox once (real SMTP to the in-process catcher) and returns the mails it delivered. */
  deliver(): Promise<CapturedMail[]>;
  close(): Promise<void>;
}

/** The app on SQLite with an SMTP catcher on an ephemeral port and an outbox driven by hand. */
export async function startEmailFixture(env: Env = {}): Promise<EmailFixture> {
  const t = await createTestContext(env);
  const catcher = await startMailCatcher();
  const mailer = createSmtpMailer(`smtp://127.0.0.1:${catcher.port}`, 'SSO <no-reply@sso.test>');
  const outbox = createAppOutbox({ ...t.deps, mailer });
  return {
    t,
    catcher,
    mailer,
    async deliver() {
      const before = catcher.mails.length;
      await outbox.tick();
      return catcher.mails.slice(before);
    },
    async close() {
      await outbox.stop();
      mailer.close();
      await catcher.close();
      await t.close();
    },
  };
}

/** The path and query of the one link to this server in a mail's text. */
export function linkIn(mail: CapturedMail | undefined, path: string): string {
  const m = mail?.text.match(new RegExp(`https?://[^\\s/]+(${path.replace(/\//g, '\\/')}\\?token=[A-Za-z0-9_-]+)`));
  if (!m) throw new Error(`no ${path} link in mail: ${mail?.text ?? '(none)'}`);
  return m[1]!;
}

export async function signUp(b: Browser, fields: Record<string, string>) {
  return b.submit('/signup', '/signup', { password: PASSWORD, confirm_password: fields.password ?? PASSWORD, ...fields });
}

export async function signIn(b: Browser, username: string, password = PASSWORD) {
  return b.submit('/login', '/login', { username, password });
}

/** Opens a mailed link and presses its confirm button (links act on POST, so mail scanners cannot spend them). */
export async function follow(b: Browser, link: string) {
  const page = await b.get(link);
  if (page.status !== 200) return page;
  const token = new URL(link, 'http://x').searchParams.get('token')!;
  return b.submit(link, link.split('?')[0]!, { token });
}

export { browser };
