import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { clientDefaults, discover, SECRET, startOidcFixture, USER, type OidcFixture } from './oidc.fixture.js';

/**
 * OIDC Core §3.1.2.1 and RP-Initiated Logout §2 allow form POST. In real Chromium, a page on
 * another site (rp.localhost) posts to /authorize and /end-session while the SameSite=Lax session
 * cookie lives on the auth server's host: the session must still be found.
 */
const haveChromium = chromiumAvailable();
const browserTest = haveChromium ? test : test.skip;

let f: OidcFixture;
let rp: Server;
let rpOrigin: string;
let browser: Browser;
let page: Page;
let app: client.Configuration;
/** The form the relying party's next page posts, and what reached its back-channel endpoint. */
let nextForm: { action: string; fields: Record<string, string> } = { action: '', fields: {} };
const logoutTokens: string[] = [];

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

beforeAll(async () => {
  if (!haveChromium) return;
  rp = createServer((req, res) => {
    const url = new URL(req.url!, 'http://rp');
    if (url.pathname === '/form') {
      const inputs = Object.entries(nextForm.fields).map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`);
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><form method="post" action="${escape(nextForm.action)}">${inputs.join('')}<button>Go</button></form>`);
    } else if (url.pathname === '/bcl' && req.method === 'POST') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? '');
        res.writeHead(200).end();
      });
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>${escape(url.pathname)}</title>`);
    }
  });
  rp.listen(0, '127.0.0.1');
  await once(rp, 'listening');
  const port = (rp.address() as AddressInfo).port;
  rpOrigin = `http://rp.localhost:${port}`;
  f = await startOidcFixture();
  await f.ctx.store.clients.create(
    clientDefaults({
      clientId: 'xs-app',
      redirectUris: [`${rpOrigin}/cb`],
      postLogoutRedirectUris: [`${rpOrigin}/bye`],
      backchannelLogoutUri: `http://127.0.0.1:${port}/bcl`,
    }),
    f.ctx.clock(),
  );
  app = await discover(f.issuer, 'xs-app', SECRET);
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await f?.close();
  rp?.closeAllConnections();
  await new Promise((r) => rp?.close(r));
});

async function authorizationParams() {
  const verifier = client.randomPKCECodeVerifier();
  const params = {
    client_id: 'xs-app',
    response_type: 'code',
    redirect_uri: `${rpOrigin}/cb`,
    scope: 'openid profile',
    state: client.randomState(),
    nonce: client.randomNonce(),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  };
  return { params, verifier };
}

/** Auth-server pages (200 documents, such as the login form) shown while `fn` runs. */
async function authPagesDuring(fn: () => Promise<void>): Promise<string[]> {
  const shown: string[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() === 'document' && res.url().startsWith(f.issuer) && res.status() === 200) shown.push(res.url());
  });
  await fn();
  page.removeAllListeners('response');
  return shown;
}

/** Opens the RP's page on its own site and submits its form there: a cross-site POST. */
async function postFromRp(action: string, fields: Record<string, string>, landsOn: string) {
  nextForm = { action, fields };
  await page.goto(`${rpOrigin}/form`);
  // Either back at the RP, or (without the session) on the auth server's login form.
  await Promise.all([page.waitForURL((u) => u.href.startsWith(landsOn) || u.pathname === '/login', { timeout: 10_000 }), page.click('button')]);
  return new URL(page.url());
}

browserTest('a cross-site form POST to /authorize and /end-session finds the session', async () => {
  // Sign in on the auth server (first-party navigation), as any RP's redirect would.
  const first = await authorizationParams();
  await page.goto(`${f.issuer}/authorize?${new URLSearchParams(first.params).toString()}`);
  await page.fill('#username', USER.username);
  await page.fill('#password', USER.password);
  await Promise.all([page.waitForURL((u) => u.href.startsWith(`${rpOrigin}/cb`)), page.click('button[type="submit"]')]);
  const tokens = await client.authorizationCodeGrant(app, new URL(page.url()), {
    pkceCodeVerifier: first.verifier,
    expectedState: first.params.state,
    expectedNonce: first.params.nonce,
  });
  const sid = tokens.claims()!.sid;

  // Authorization request by POST from rp.localhost: a code at once, no login form.
  const second = await authorizationParams();
  let callback: URL | undefined;
  const shown = await authPagesDuring(async () => {
    callback = await postFromRp(`${f.issuer}/authorize`, second.params, `${rpOrigin}/cb`);
  });
  expect(shown).toEqual([]);
  expect(callback!.searchParams.get('state')).toBe(second.params.state);
  const again = await client.authorizationCodeGrant(app, callback!, {
    pkceCodeVerifier: second.verifier,
    expectedState: second.params.state,
    expectedNonce: second.params.nonce,
  });
  expect(again.claims()).toMatchObject({ sub: f.account.id, sid });

  // Logout by POST from rp.localhost: the session ends and the app is told over the back channel.
  const bye = await postFromRp(
    `${f.issuer}/end-session`,
    { id_token_hint: again.id_token!, post_logout_redirect_uri: `${rpOrigin}/bye`, state: 'bye' },
    `${rpOrigin}/bye`,
  );
  expect(bye.searchParams.get('state')).toBe('bye');
  expect(logoutTokens).toHaveLength(1);
  expect(JSON.parse(Buffer.from(logoutTokens[0]!.split('.')[1]!, 'base64url').toString())).toMatchObject({ sid, aud: 'xs-app' });
  expect((await f.ctx.store.sessions.findBySid(sid as string))!.endedAt).not.toBeNull();

  // Signed out for real: the next cross-site authorization POST shows the login form.
  const third = await authorizationParams();
  const login = await authPagesDuring(async () => {
    nextForm = { action: `${f.issuer}/authorize`, fields: third.params };
    await page.goto(`${rpOrigin}/form`);
    await Promise.all([page.waitForURL((u) => u.pathname === '/login'), page.click('button')]);
  });
  expect(login.map((u) => new URL(u).pathname)).toEqual(['/login']);
}, 60_000);
