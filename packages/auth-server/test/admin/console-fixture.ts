import { createAccount } from '../../src/accounts/create-account.js';
import type { Account } from '../../src/accounts/account.js';
import { Browser, csrfFrom, location, postForm } from '../helpers/browser.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';

export const ADMIN = { username: 'root', password: 'admin-password-for-tests-1' };

export interface ConsoleFixture {
  ctx: TestContext;
  issuer: string;
  admin: Account;
  /** A browser signed in to the console as ADMIN (cookie jar over fetch, redirects not followed). */
  browser: Browser;
  /** The CSRF token of the console page at `path` (fetched with `browser`). */
  csrf(path: string, browser?: Browser): Promise<string>;
  /** A new browser signed in to the console as `user`; returns the last response too. */
  signIn(user?: { username: string; password: string }): Promise<{ browser: Browser; page: Response }>;
  close(): Promise<void>;
}

/** Follows same-origin redirects (everything here is the issuer's origin) to the first page. */
export async function followAll(browser: Browser, res: Response, limit = 10): Promise<Response> {
  let current = res;
  for (let i = 0; i < limit && current.status >= 300 && current.status < 400; i++) current = await browser.get(location(current));
  return current;
}

/** Opens /admin and signs in on the login page it leads to; returns the page the console shows then. */
export async function signInToConsole(browser: Browser, user: { username: string; password: string }, path = '/admin'): Promise<Response> {
  const login = await followAll(browser, await browser.get(path));
  if (!/name="password"/.test(await login.clone().text())) return login; // SSO: no login page
  const form = postForm(await login.text(), 'password');
  const res = await browser.post(new URL(form.action ?? login.url, login.url).toString(), { ...form.fields, username: user.username, password: user.password });
  return followAll(browser, res);
}

/** The auth server listening on an ephemeral port (the issuer), with an admin signed in to the console. */
export async function startConsoleFixture(env: Record<string, string> = {}): Promise<ConsoleFixture> {
  // Many tests sign in: logins are not rate-limited here.
  const ctx = await createTestContext({ RATE_LIMIT_LOGIN_PER_MINUTE: '100000', RATE_LIMIT_AUTHORIZE_PER_MINUTE: '100000', ...env }, { listen: true });
  const admin = await createAccount(ctx.store, ctx.clock(), { ...ADMIN, roles: ['admin'] });
  const signIn = async (user = ADMIN) => {
    const browser = new Browser(ctx.url);
    const page = await signInToConsole(browser, user);
    return { browser, page };
  };
  const { browser, page } = await signIn();
  if (page.status !== 200) throw new Error(`console sign-in ended with ${page.status}`);
  return {
    ctx,
    issuer: ctx.url,
    admin,
    browser,
    csrf: async (path, b = browser) => csrfFrom(await (await b.get(path)).text()),
    signIn,
    close: () => ctx.close(),
  };
}
