import * as client from 'openid-client';
import { totpCodeAt } from '../../src/factors/totp/totp.js';
import { Browser, location } from '../helpers/browser.js';
import { startOidcFixture, type OidcFixture } from '../oidc/oidc.fixture.js';
import { enrolTotp, enterPassword, open, redeem, startAuthorization, submit } from './factors.fixture.js';

const MFA = 'urn:sso:acr:mfa';
let f: OidcFixture;
let secret: string;
let recoveryCodes: string[];
/** One browser signed in with the password only, before TOTP was set up. */
const passwordOnly = () => browserA;
let browserA: Browser;

beforeAll(async () => {
  f = await startOidcFixture();
  browserA = new Browser(f.issuer);
  const { req, page } = await startAuthorization(f, browserA);
  const tokens = await redeem(f, req, await enterPassword(f, browserA, page));
  // RFC 8176: a password alone; one factor.
  expect(tokens.claims()).toMatchObject({ amr: ['pwd'], acr: 'urn:sso:acr:1fa' });
  ({ secret, recoveryCodes } = await enrolTotp(f, browserA));
});
afterAll(() => f.close());

const nextStep = () => f.ctx.clock.advance(30_000);

describe('TOTP, recovery codes and step-up', () => {
  test('enrolment shows ten recovery codes once and stores the secret sealed', async () => {
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const row = await f.ctx.store.totp.find(f.account.id);
    expect(row?.confirmedAt).not.toBeNull();
    expect(row?.sealedSecret).not.toContain(secret);
    expect(row?.sealedSecret.split('.')).toHaveLength(5); // a compact JWE
    const audit = await f.ctx.store.audit.list({ type: 'factor_enrol' });
    expect(audit[0]?.detail).toMatchObject({ factor: 'totp' });
  });

  test('prompt=none cannot step up: login_required', async () => {
    const { req, page } = await startAuthorization(f, passwordOnly(), { acr_values: MFA, prompt: 'none' });
    const callback = new URL(location(page));
    expect(callback.searchParams.get('error')).toBe('login_required');
    expect(callback.searchParams.get('state')).toBe(req.state);
  });

  test('acr_values asking for MFA makes a password-only session step up: a code, no password', async () => {
    nextStep();
    const browser = passwordOnly();
    const before = (await f.ctx.store.sessionFactors.find((await f.ctx.store.sessions.listActiveByAccount(f.account.id, f.ctx.clock()))[0]!.sid))!;
    const { req, page } = await startAuthorization(f, browser, { acr_values: MFA });
    expect(new URL(page.url).pathname).toBe('/login/verify');
    const html = await page.clone().text();
    expect(html).not.toContain('type="password"');
    const done = await open(f, browser, location(await submit(browser, page, 'verify/totp', { code: totpCodeAt(secret, f.ctx.clock()) })));
    const tokens = await redeem(f, req, done);
    const claims = tokens.claims()!;
    expect(claims.acr).toBe(MFA);
    expect(claims.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
    expect(claims.auth_time! * 1000).toBeGreaterThan(before[0]!.at);
    // The refreshed ID token states the same sign-in (OIDC Core §12.2).
    const refreshed = await client.refreshTokenGrant(f.web, tokens.refresh_token!);
    expect(refreshed.claims()).toMatchObject({ acr: MFA, auth_time: claims.auth_time });
  });

  test('a new sign-in asks for the second factor after the password; wrong, replayed and old codes are refused', async () => {
    nextStep();
    const browser = new Browser(f.issuer);
    const { req, page } = await startAuthorization(f, browser);
    const verify = await enterPassword(f, browser, page);
    expect(new URL(verify.url).pathname).toBe('/login/verify');
    const verifyHtml = await verify.text();
    const again = () => new Response(verifyHtml, { headers: { 'content-type': 'text/html' } });
    const post = async (code: string) => {
      const r = await submit(browser, Object.defineProperty(again(), 'url', { value: verify.url }), 'verify/totp', { code });
      return r;
    };
    const wrong = await post(String((Number(totpCodeAt(secret, f.ctx.clock())) + 1) % 1_000_000).padStart(6, '0'));
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('That code is not valid');
    const old = await post(totpCodeAt(secret, f.ctx.clock() - 5 * 30_000));
    expect(old.status).toBe(400);
    const malformed = await post('12ab');
    expect(malformed.status).toBe(400);
    const code = totpCodeAt(secret, f.ctx.clock());
    const ok = await post(code);
    expect(ok.status).toBe(303);
    const tokens = await redeem(f, req, await open(f, browser, location(ok)));
    expect(tokens.claims()).toMatchObject({ acr: MFA });
    expect(tokens.claims()!.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));

    // The same code, used again from another browser inside its window: replayed.
    const other = new Browser(f.issuer);
    const second = await startAuthorization(f, other);
    const replay = await submit(other, await enterPassword(f, other, second.page), 'verify/totp', { code });
    expect(replay.status).toBe(400);
    const failures = await f.ctx.store.audit.list({ type: 'factor_use_failed' });
    expect(failures.map((e) => e.detail?.reason)).toEqual(expect.arrayContaining(['invalid', 'replayed', 'malformed']));
    const metrics = await f.ctx.deps.metrics.registry.getSingleMetricAsString('auth_factor_events_total');
    expect(metrics).toMatch(/factor="totp",event="use",result="failure"} [1-9]/);
    await f.ctx.store.accounts.update(f.account.id, { failedLogins: 0, lockedUntil: null }, f.ctx.clock());
  });

  test('a sign-in half done in one browser cannot be finished from another', async () => {
    nextStep();
    const browser = new Browser(f.issuer);
    const { page } = await startAuthorization(f, browser);
    const verify = await enterPassword(f, browser, page);
    const html = await verify.text();
    const thief = new Browser(f.issuer);
    const seen = await thief.get(verify.url);
    expect(seen.status).toBe(303);
    expect(location(seen)).toMatch(/^\/login\?interaction=/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await thief.get('/login')).text())![1]!;
    const interaction = /name="interaction" value="([^"]+)"/.exec(html)![1]!;
    const posted = await thief.post('/login/verify/totp', { _csrf: csrf, interaction, code: totpCodeAt(secret, f.ctx.clock()) });
    expect(posted.status).toBe(303);
    expect(location(posted)).toMatch(/^\/login\?interaction=/);
    expect(thief.cookieNames().some((n) => n.includes('session'))).toBe(false);
  });

  test('a recovery code signs in once', async () => {
    const browser = new Browser(f.issuer);
    const { req, page } = await startAuthorization(f, browser);
    const verify = await enterPassword(f, browser, page);
    const used = await submit(browser, verify, 'verify/recovery-code', { code: recoveryCodes[0]!.toUpperCase() });
    expect(used.status).toBe(303);
    const tokens = await redeem(f, req, await open(f, browser, location(used)));
    expect(tokens.claims()!.amr).toEqual(expect.arrayContaining(['pwd', 'otp', 'mfa']));
    expect(await f.ctx.store.recoveryCodes.countUnused(f.account.id)).toBe(9);

    const other = new Browser(f.issuer);
    const second = await startAuthorization(f, other);
    const reused = await submit(other, await enterPassword(f, other, second.page), 'verify/recovery-code', { code: recoveryCodes[0]! });
    expect(reused.status).toBe(400);
    await f.ctx.store.accounts.update(f.account.id, { failedLogins: 0, lockedUntil: null }, f.ctx.clock());
  });

  test('wrong codes count towards the account lockout', async () => {
    const browser = new Browser(f.issuer);
    const { page } = await startAuthorization(f, browser);
    const verify = await enterPassword(f, browser, page);
    const html = await verify.text();
    let last: Response | undefined;
    for (let i = 0; i < f.ctx.config.lockout.threshold; i++) {
      last = await submit(browser, Object.defineProperty(new Response(html), 'url', { value: verify.url }), 'verify/totp', { code: '000000' });
    }
    expect(last!.status).toBe(429);
    expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
    // The lock holds for the password too.
    const fresh = new Browser(f.issuer);
    const again = await startAuthorization(f, fresh);
    expect((await enterPassword(f, fresh, again.page)).status).toBe(429);
    await f.ctx.store.accounts.update(f.account.id, { failedLogins: 0, lockedUntil: null }, f.ctx.clock());
  });

  test('changing factors needs a recent sign-in', async () => {
    const browser = new Browser(f.issuer);
    const { page } = await startAuthorization(f, browser);
    const verify = await enterPassword(f, browser, page);
    nextStep();
    await submit(browser, verify, 'verify/totp', { code: totpCodeAt(secret, f.ctx.clock()) });
    f.ctx.clock.advance(11 * 60_000);
    const refused = await submit(browser, await open(f, browser, '/account/security'), 'recovery-codes');
    expect(refused.status).toBe(403);
    expect(await f.ctx.store.recoveryCodes.countUnused(f.account.id)).toBe(9);
  });
});
