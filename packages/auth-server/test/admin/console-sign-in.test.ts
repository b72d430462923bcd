import { createAccount } from '../../src/accounts/create-account.js';
import { CLI_ACTOR } from '../../src/admin/actor.js';
import { disableUser } from '../../src/admin/services/user-access.js';
import { CONSOLE_ABSOLUTE_MS, CONSOLE_IDLE_MS } from '../../src/admin/console/console-session.js';
import { createSecretSealer } from '../../src/factors/secret-sealer.js';
import { totpCodeAt } from '../../src/factors/totp/totp.js';
import { Browser, location, postForm } from '../helpers/browser.js';
import { ADMIN, followAll, signInToConsole, startConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
beforeAll(async () => {
  f = await startConsoleFixture();
});
afterAll(() => f.close());

const MFA = 'urn:sso:acr:mfa';
const SIGN_IN_COOKIE = 'sso_admin_signin';
const SESSION_COOKIE = 'sso_admin';
let seq = 0;
const newAdmin = async (roles = ['admin']) => {
  const user = { username: `admin${++seq}`, password: 'another-admin-password-1' };
  const account = await createAccount(f.ctx.store, f.ctx.clock(), { ...user, roles });
  return { user, account };
};

/** Runs the sign-in by hand up to the redirect back to /admin/callback; returns that URL. */
async function untilCallback(browser: Browser, authorize: string, user = ADMIN): Promise<string> {
  const login = await followAll(browser, await browser.get(authorize));
  const form = postForm(await login.text(), 'password');
  let res = await browser.post(new URL(form.action ?? login.url, login.url).toString(), { ...form.fields, ...user });
  while (!location(res).includes('/admin/callback')) res = await browser.get(location(res));
  return location(res);
}

describe('sign-in through the server itself', () => {
  test('without a console session /admin redirects to /authorize: code, PKCE S256, state, nonce, acr mfa, the admin API as resource', async () => {
    const browser = new Browser(f.issuer);
    const res = await browser.get('/admin/users?page=2');
    expect(res.status).toBe(303);
    const url = new URL(location(res));
    expect(url.origin + url.pathname).toBe(`${f.issuer}/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'admin-console',
      redirect_uri: `${f.issuer}/admin/callback`,
      scope: 'openid profile admin:read admin:write',
      code_challenge_method: 'S256',
      acr_values: MFA,
      resource: `${f.issuer}/admin/api`,
    });
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SIGN_IN_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/admin/);
    // Sealed: the state is not readable in the cookie.
    expect(decodeURIComponent(cookie)).not.toContain(url.searchParams.get('state'));
  });

  test('after sign-in the admin lands on the page first asked for, with a console session cookie scoped to /admin', async () => {
    const browser = new Browser(f.issuer);
    const page = await signInToConsole(browser, ADMIN, '/admin/audit');
    expect(page.status).toBe(200);
    expect(page.url).toBe(`${f.issuer}/admin/audit`);
    expect(browser.cookie(SESSION_COOKIE)).toBeDefined();
    expect(browser.cookie(SIGN_IN_COOKIE)).toBeUndefined();
  });

  test('the dashboard shows the signed-in admin and the nav', async () => {
    const html = await (await f.browser.get('/admin')).text();
    expect(html).toContain(`Signed in as <strong>${ADMIN.username}</strong>`);
    for (const label of ['Dashboard', 'Users', 'Clients', 'APIs', 'Keys', 'Audit log']) expect(html).toContain(`>${label}</a>`);
  });

  test('a callback with a state of another sign-in is refused with a page, not a 500', async () => {
    const browser = new Browser(f.issuer);
    const callback = new URL(await untilCallback(browser, location(await browser.get('/admin'))));
    callback.searchParams.set('state', 'x'.repeat(43));
    const res = await browser.get(callback.toString());
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('state mismatch');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
  });

  test('a callback without the sign-in cookie (another browser, or too late) is refused', async () => {
    const browser = new Browser(f.issuer);
    const callback = await untilCallback(browser, location(await browser.get('/admin')));
    browser.jar.delete(SIGN_IN_COOKIE);
    const res = await browser.get(callback);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Start again');
  });

  test('a replayed code is refused (and revokes its grant), never a 500', async () => {
    const browser = new Browser(f.issuer);
    const callback = await untilCallback(browser, location(await browser.get('/admin')));
    const pending = browser.cookie(SIGN_IN_COOKIE)!;
    expect((await browser.get(callback)).status).toBe(303);
    browser.jar.set(SIGN_IN_COOKIE, pending);
    browser.jar.delete(SESSION_COOKIE);
    const res = await browser.get(callback);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('already been used');
    expect((await f.ctx.store.audit.list({ type: 'code_replay' })).length).toBeGreaterThan(0);
  });

  test('an ID token whose nonce is not the one of this browser is refused', async () => {
    const browser = new Browser(f.issuer);
    const authorize = new URL(location(await browser.get('/admin')));
    authorize.searchParams.set('nonce', 'a-nonce-this-browser-never-sent');
    const res = await browser.get(await untilCallback(browser, authorize.toString()));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('did not verify');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
  });

  test('an error from /authorize is shown as a page', async () => {
    const browser = new Browser(f.issuer);
    const state = new URL(location(await browser.get('/admin'))).searchParams.get('state')!;
    const res = await browser.get(`/admin/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(f.issuer)}`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('access_denied');
  });
});

describe('only admins', () => {
  test('a user without role admin signs in and gets a 403 page', async () => {
    const { user } = await newAdmin([]);
    const browser = new Browser(f.issuer);
    const page = await signInToConsole(browser, user);
    expect(page.status).toBe(403);
    const html = await page.text();
    expect(html).toContain('not an administrator');
    expect(html).toContain('<a href="/logout">Sign out</a> to sign in to the console with an administrator account.');
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
  });

  test('a role taken away mid-session refuses the next request', async () => {
    const { user, account } = await newAdmin();
    const { browser, page } = await f.signIn(user);
    expect(page.status).toBe(200);
    await f.ctx.store.accounts.update(account.id, { roles: [] }, f.ctx.clock());
    const res = await browser.get('/admin');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('not an administrator');
    // The console session is gone too: giving the role back does not revive it.
    await f.ctx.store.accounts.update(account.id, { roles: ['admin'] }, f.ctx.clock());
    expect((await browser.get('/admin/audit')).status).toBe(303);
  });

  test('an admin disabled by another admin is refused at the next request, though the console cookie was not theirs to lose', async () => {
    const { user, account } = await newAdmin();
    const { browser, page } = await f.signIn(user);
    expect(page.status).toBe(200);
    // Disabling ends the account's auth-server sessions; the console's own cookie must not outlive that.
    await disableUser(f.ctx.deps, { actor: CLI_ACTOR }, account.username);
    const res = await browser.get('/admin');
    expect(res.status).toBe(403);
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
  });
});

describe('second factor', () => {
  async function enrolTotp(accountId: string): Promise<string> {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const sealed = await createSecretSealer(f.ctx.config.keyEncryptionSecret, 'totp-secret-v1').seal(accountId, secret);
    await f.ctx.store.totp.startEnrolment(accountId, sealed, f.ctx.clock());
    await f.ctx.store.totp.confirm(accountId, 0, f.ctx.clock());
    return secret;
  }

  test('an admin with TOTP enrolled must pass it: the console asks for acr mfa and gets it', async () => {
    const { user, account } = await newAdmin();
    const secret = await enrolTotp(account.id);
    const browser = new Browser(f.issuer);
    const afterPassword = await signInToConsole(browser, user);
    const html = await afterPassword.text();
    expect(html).toMatch(/totp/i); // the second-factor page, not the console
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    const form = postForm(html, 'totp');
    const res = await browser.post(new URL(form.action!, afterPassword.url).toString(), { ...form.fields, code: totpCodeAt(secret, f.ctx.clock()) });
    const page = await followAll(browser, res);
    expect(page.status).toBe(200);
    expect(page.url).toBe(`${f.issuer}/admin`);
  });

  test('an admin signed in with a password only must sign in again once a second factor is enrolled', async () => {
    const { user, account } = await newAdmin();
    const { browser, page } = await f.signIn(user);
    expect(page.status).toBe(200);
    await enrolTotp(account.id);
    const res = await browser.get('/admin/audit');
    expect(res.status).toBe(303);
    const url = new URL(location(res));
    expect(url.pathname).toBe('/authorize');
    expect(url.searchParams.get('acr_values')).toBe(MFA);
  });
});

describe('console session', () => {
  test('every POST needs the CSRF token: refused with 403 without it', async () => {
    const res = await f.browser.post('/admin/logout', {});
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('form has expired');
    expect((await f.browser.get('/admin')).status).toBe(200);
  });

  test('sign-out ends the console session and offers RP-initiated logout of the SSO session', async () => {
    const { browser } = await f.signIn();
    const res = await browser.post('/admin/logout', { _csrf: await f.csrf('/admin', browser) });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/href="[^"]*\/end-session\?client_id=admin-console&amp;id_token_hint=ey[^"]*&amp;post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A\d+%2Fadmin"/);
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect((await browser.get('/admin')).status).toBe(303);
    const endSession = /href="([^"]*\/end-session[^"]*)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    // RP-initiated logout with the console's ID token: the SSO session ends, back to the console's start.
    const r = await browser.get(endSession);
    expect(r.status).toBe(303);
    expect(location(r)).toBe(`${f.issuer}/admin`);
    const login = await followAll(browser, await browser.get('/admin'));
    expect(await login.text()).toContain('name="password"');
  });

  test('idle expiry: a console left alone longer than the idle timeout asks for sign-in again', async () => {
    const { browser } = await f.signIn();
    f.ctx.clock.advance(CONSOLE_IDLE_MS - 60_000);
    expect((await browser.get('/admin')).status).toBe(200); // slides the idle timeout
    f.ctx.clock.advance(CONSOLE_IDLE_MS - 60_000);
    expect((await browser.get('/admin')).status).toBe(200);
    f.ctx.clock.advance(CONSOLE_IDLE_MS + 1);
    expect((await browser.get('/admin')).status).toBe(303);
  });

  test('absolute expiry: however active, the session ends after its absolute lifetime', async () => {
    const { browser } = await f.signIn();
    const step = CONSOLE_IDLE_MS - 60_000;
    for (let t = step; t <= CONSOLE_ABSOLUTE_MS; t += step) {
      f.ctx.clock.advance(step);
      const res = await browser.get('/admin/audit');
      if (t <= CONSOLE_ABSOLUTE_MS - step) expect(res.status).toBe(200);
    }
    f.ctx.clock.advance(step);
    expect((await browser.get('/admin/audit')).status).toBe(303);
  });

  test('a tampered session cookie counts as none', async () => {
    const browser = new Browser(f.issuer, new Map(f.browser.jar));
    const value = browser.cookie(SESSION_COOKIE)!;
    browser.jar.set(SESSION_COOKIE, value.slice(0, -4) + (value.endsWith('AAAA') ? 'BBBB' : 'AAAA'));
    expect((await browser.get('/admin')).status).toBe(303);
  });

  test('pages are not cached, unknown console pages are 404 pages, the admin API is not the console', async () => {
    const { browser } = await f.signIn();
    const res = await browser.get('/admin');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("style-src 'self'");
    expect((await browser.get('/admin/no-such-page')).status).toBe(404);
    const api = await browser.get('/admin/api/keys');
    expect(api.status).toBe(401);
  });
});
