import * as client from 'openid-client';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { signJwt } from '../../src/tokens/sign-jwt.js';
import { buildLogoutToken } from '../../src/tokens/logout-token.js';
import { Browser, csrfFrom, location } from '../helpers/browser.js';
import { authorizationRequest, codeFlow, startOidcFixture, type OidcFixture } from './oidc.fixture.js';

/**
 * RP-Initiated Logout 1.0 §2/§4: only an ID token this server signed is a hint. One that does not
 * verify is refused with an error page and never picks a client or a post-logout redirect.
 */
let f: OidcFixture;
beforeAll(async () => {
  f = await startOidcFixture();
});
afterAll(() => f.close());

const BYE = 'https://rp.example/';
const DAY = 24 * 3600_000;
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

const endSession = (browser: Browser, hint: string) =>
  browser.request(`/end-session?${new URLSearchParams({ id_token_hint: hint, post_logout_redirect_uri: BYE, state: 's' }).toString()}`, {
    headers: { accept: 'text/html' },
  });

/** The browser's session is still alive: prompt=none gets a code back. */
async function stillSignedIn(browser: Browser): Promise<boolean> {
  const req = await authorizationRequest(f.web, { prompt: 'none' });
  return new URL(location(await browser.get(req.url.toString()))).searchParams.has('code');
}

describe('end-session id_token_hint verification', () => {
  test('hints that do not verify get an error page: no confirmation, no redirect, the session stays', async () => {
    const browser = new Browser(f.issuer);
    const { tokens } = await codeFlow(f, browser);
    const real = tokens.id_token!;
    const claims = decodeJwt(real);
    const { kid } = decodeProtectedHeader(real);
    const { privateKey } = await generateKeyPair('RS256');
    const nowSec = Math.floor(f.ctx.clock() / 1000);
    const forged: Record<string, string> = {
      'signed by another key under our kid': await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: kid! }).sign(privateKey),
      'alg none': `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(claims)}.`,
      'our signature, another issuer': await signJwt(f.ctx.deps.keys, 'JWT', { ...claims, iss: 'https://evil.example' }),
      'a logout token': await buildLogoutToken(f.ctx.deps.keys, { issuer: f.issuer, clientId: 'web-app', sub: f.account.id, sid: String(claims.sid), nowSec }),
      'an access token': tokens.access_token,
      'not a JWT': 'not-a-jwt',
      'tampered payload': `${real.split('.')[0]}.${b64({ ...claims, aud: 'other-app' })}.${real.split('.')[2]}`,
    };
    for (const [what, hint] of Object.entries(forged)) {
      const res = await endSession(browser, hint);
      const html = await res.text();
      expect({ what, status: res.status, location: res.headers.get('location') }).toEqual({ what, status: 400, location: null });
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(html).toContain('id_token_hint');
      expect(html).not.toContain('name="confirm"');
    }

    // Nor through the confirmation form: a forged hint posted with a valid CSRF token is refused.
    const page = await browser.get(`/end-session?client_id=web-app`);
    const res = await browser.request('/end-session', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ _csrf: csrfFrom(await page.text()), confirm: '1', id_token_hint: forged['signed by another key under our kid']!, post_logout_redirect_uri: BYE }).toString(),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await stillSignedIn(browser)).toBe(true);

    // The real hint, through openid-client, signs out at once and returns to the registered URI.
    const back = await browser.get(client.buildEndSessionUrl(f.web, { id_token_hint: real, post_logout_redirect_uri: BYE, state: 'ok' }).toString());
    expect(back.status).toBe(303);
    expect(location(back)).toBe(`${BYE}?state=ok`);
    expect(await stillSignedIn(browser)).toBe(false);
  });

  test('a hint signed by a key retired since still verifies, out of the JWKS, until the longest refresh-token lifetime passed', async () => {
    const browser = new Browser(f.issuer);
    const { tokens } = await codeFlow(f, browser);
    const hint = tokens.id_token!;
    const { kid } = decodeProtectedHeader(hint);

    // Later than the sign-in: a key created in the same millisecond is not "older" and is not retired by rotate.
    f.ctx.clock.advance(1000);
    await f.ctx.deps.keys.rotate({ immediate: true });
    f.ctx.clock.advance(2 * 3600_000); // past the old key's JWKS lifetime (longest access/ID token)
    const jwks = (await (await browser.get('/jwks')).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).not.toContain(kid);

    const res = await browser.get(client.buildEndSessionUrl(f.web, { id_token_hint: hint, post_logout_redirect_uri: BYE }).toString());
    expect(res.status).toBe(303); // verified: no confirmation page
    expect(location(res)).toBe(BYE);

    // REFRESH_TOKEN_ABSOLUTE_TTL (90 days) later the public half is gone too: the hint is refused.
    f.ctx.clock.advance(91 * DAY);
    expect((await endSession(new Browser(f.issuer), hint)).status).toBe(400);
    expect((await f.ctx.store.keys.list()).map((k) => k.kid)).not.toContain(kid);
  });
});
