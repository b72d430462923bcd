import * as client from 'openid-client';
import { totpCodeAt } from '../../src/factors/totp/totp.js';
import type { Browser} from '../helpers/browser.js';
import { location, postForm } from '../helpers/browser.js';
import { authorizationRequest, follow, type OidcFixture } from '../oidc/oidc.fixture.js';

/** Posts the page's form that contains `marker` (its action, hidden fields and CSRF token) plus `fields`. */
export async function submit(browser: Browser, page: Response, marker: string, fields: Record<string, string> = {}): Promise<Response> {
  const html = await page.text();
  const form = postForm(html, marker);
  const target = new URL(form.action ?? page.url, page.url).toString();
  return browser.post(target, { ...form.fields, ...fields });
}

/** Opens a page of the auth server, following same-origin redirects. */
export const open = async (f: OidcFixture, browser: Browser, path: string): Promise<Response> => follow(browser, await browser.get(path), f.issuer);

/** Sets up TOTP from the account's security page; returns the secret and the recovery codes shown once. */
export async function enrolTotp(f: OidcFixture, browser: Browser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await submit(browser, await open(f, browser, '/account/security'), 'totp/start');
  expect(setup.status).toBe(200);
  const html = await setup.text();
  expect(html).toContain('data:image/svg+xml;base64,'); // the QR code, rendered by the server
  const secret = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec(html)![1]!;
  const form = postForm(html, 'totp/confirm');
  const done = await browser.post(new URL(form.action!, f.issuer).toString(), { ...form.fields, code: totpCodeAt(secret, f.ctx.clock()) });
  expect(done.status).toBe(200);
  const codes = [...(await done.text()).matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]!);
  return { secret, recoveryCodes: codes };
}

/** Starts an authorization request and follows it to the first page shown (or the redirect out). */
export async function startAuthorization(f: OidcFixture, browser: Browser, params: Record<string, string> = {}) {
  const req = await authorizationRequest(f.web, params);
  const page = await follow(browser, await browser.get(req.url.toString()), f.issuer);
  return { req, page };
}

/** Signs in with the password on the login page shown. */
export async function enterPassword(f: OidcFixture, browser: Browser, page: Response, password = 'correct-horse-staple-9', username = 'alice') {
  return follow(browser, await submit(browser, page, 'password', { username, password }), f.issuer);
}

/** Redeems the redirect back to the client with openid-client. */
export async function redeem(f: OidcFixture, req: Awaited<ReturnType<typeof startAuthorization>>['req'], res: Response) {
  const callback = new URL(location(res));
  return client.authorizationCodeGrant(f.web, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state, expectedNonce: req.nonce });
}
