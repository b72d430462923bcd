import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import request from 'supertest';
import { Browser, location, postForm } from '../helpers/browser.js';
import { authorizationRequest, clientDefaults, discover, follow, SECRET, signInThrough, startOidcFixture, type OidcFixture } from './oidc.fixture.js';

/** A relying party's back-channel logout endpoint: records every logout token it is sent. */
let receiver: Server;
let receiverUrl: string;
const received: { client: string; token: string }[] = [];

let f: OidcFixture;
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ client: req.url!.slice(1), token: new URLSearchParams(body).get('logout_token') ?? '' });
      res.writeHead(200).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  f = await startOidcFixture();
  for (const id of ['app-a', 'app-b']) {
    await f.ctx.store.clients.create(
      clientDefaults({
        clientId: id,
        redirectUris: [`https://${id}.example/cb`],
        postLogoutRedirectUris: [`https://${id}.example/bye`],
        backchannelLogoutUri: `${receiverUrl}/${id}`,
      }),
      f.ctx.clock(),
    );
  }
});
afterAll(async () => {
  await f.close();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});
beforeEach(() => {
  received.length = 0;
});

async function signInBoth(browser: Browser) {
  const a = await discover(f.issuer, 'app-a', SECRET);
  const b = await discover(f.issuer, 'app-b', SECRET);
  const reqA = await authorizationRequest(a, {}, 'https://app-a.example/cb');
  const tokensA = await client.authorizationCodeGrant(a, await signInThrough(browser, f.issuer, reqA.url), {
    pkceCodeVerifier: reqA.verifier,
    expectedState: reqA.state,
    expectedNonce: reqA.nonce,
  });
  const reqB = await authorizationRequest(b, {}, 'https://app-b.example/cb');
  const tokensB = await client.authorizationCodeGrant(b, new URL(location(await browser.get(reqB.url.toString()))), {
    pkceCodeVerifier: reqB.verifier,
    expectedState: reqB.state,
    expectedNonce: reqB.nonce,
  });
  return { a, b, tokensA, tokensB };
}

describe('RP-initiated logout and back-channel logout', () => {
  test('logout from one app with id_token_hint signs out everywhere and tells every app', async () => {
    const browser = new Browser(f.issuer);
    const { a, tokensA, tokensB } = await signInBoth(browser);
    const sid = tokensA.claims()!.sid;
    expect(tokensB.claims()!.sid).toBe(sid);

    const url = client.buildEndSessionUrl(a, {
      id_token_hint: tokensA.id_token!,
      post_logout_redirect_uri: 'https://app-a.example/bye',
      state: 'bye-state',
    });
    const res = await browser.get(url.toString());
    expect(res.status).toBe(303);
    const back = new URL(location(res));
    expect(`${back.origin}${back.pathname}`).toBe('https://app-a.example/bye');
    expect(back.searchParams.get('state')).toBe('bye-state');

    expect(received.map((r) => r.client).sort()).toEqual(['app-a', 'app-b']);
    const jwks = createRemoteJWKSet(new URL(`${f.issuer}/jwks`));
    for (const { client: clientId, token } of received) {
      const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: f.issuer, audience: clientId, typ: 'logout+jwt', currentDate: new Date(f.ctx.clock()) });
      expect(protectedHeader.alg).toBe('RS256');
      expect(payload.sid).toBe(sid);
      expect(payload.sub).toBe(f.account.id);
      expect(payload.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });
      expect(payload.nonce).toBeUndefined();
    }

    // The auth-server session is gone: a new authorization needs the login page again.
    const again = await authorizationRequest(a, { prompt: 'none' }, 'https://app-a.example/cb');
    expect(new URL(location(await browser.get(again.url.toString()))).searchParams.get('error')).toBe('login_required');
    // Session-bound refresh tokens of both apps were revoked with the session... offline ones survive.
    expect((await client.tokenIntrospection(a, tokensA.access_token)).active).toBe(true);
  });

  test('without a hint the user is asked to confirm, and the form needs its CSRF token', async () => {
    const browser = new Browser(f.issuer);
    await signInBoth(browser);
    const page = await browser.get('/end-session?client_id=app-a&post_logout_redirect_uri=https%3A%2F%2Fapp-a.example%2Fbye&state=s1');
    expect(page.status).toBe(200);
    const form = postForm(await page.text(), 'confirm');
    expect(received).toHaveLength(0);

    const forged = await browser.post('/end-session', { ...form.fields, _csrf: 'forged' });
    expect(forged.status).toBe(403);

    const res = await browser.post('/end-session', form.fields);
    const back = new URL(location(res));
    expect(back.searchParams.get('state')).toBe('s1');
    expect(received).toHaveLength(2);
  });

  test('an unregistered post_logout_redirect_uri is refused with an error page', async () => {
    const browser = new Browser(f.issuer);
    await signInBoth(browser);
    const res = await browser.get('/end-session?client_id=app-a&post_logout_redirect_uri=https%3A%2F%2Fevil.example%2F');
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(received).toHaveLength(0);
  });

  test('a forged id_token_hint is refused', async () => {
    const res = await request(f.ctx.app).get('/end-session?id_token_hint=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.');
    expect(res.status).toBe(400);
  });

  test('without a session, end-session just returns to the app', async () => {
    const browser = new Browser(f.issuer);
    const res = await browser.get('/end-session?client_id=app-a&post_logout_redirect_uri=https%3A%2F%2Fapp-a.example%2Fbye');
    expect(res.status).toBe(303);
    expect(received).toHaveLength(0);
  });

  test('a back-channel endpoint that fails does not stop the logout', async () => {
    const browser = new Browser(f.issuer);
    const { a, tokensA } = await signInBoth(browser);
    await f.ctx.store.clients.update('app-b', { backchannelLogoutUri: 'http://127.0.0.1:1/unreachable' }, f.ctx.clock());
    try {
      const url = client.buildEndSessionUrl(a, { id_token_hint: tokensA.id_token!, post_logout_redirect_uri: 'https://app-a.example/bye' });
      const res = await follow(browser, await browser.get(url.toString()), f.issuer);
      expect(res.status).toBe(303);
      expect(received.map((r) => r.client)).toEqual(['app-a']);
    } finally {
      await f.ctx.store.clients.update('app-b', { backchannelLogoutUri: `${receiverUrl}/app-b` }, f.ctx.clock());
    }
  });
});

describe('another account signing in on the same browser', () => {
  test('signs the previous account out of every app its session reached', async () => {
    const { createAccount } = await import('../../src/accounts/create-account.js');
    await createAccount(f.ctx.store, f.ctx.clock(), { username: 'mallory', password: 'another-long-secret-9' });
    const browser = new Browser(f.issuer);
    const { a, tokensA } = await signInBoth(browser);
    // prompt=login on a signed-in browser: the login page, where someone else signs in.
    const req = await authorizationRequest(a, { prompt: 'login' }, 'https://app-a.example/cb');
    await signInThrough(browser, f.issuer, req.url, { username: 'mallory', password: 'another-long-secret-9' });
    expect(received.map((r) => r.client).sort()).toEqual(['app-a', 'app-b']);
    const { decodeJwt } = await import('jose');
    expect(decodeJwt(received[0]!.token).sid).toBe(tokensA.claims()!.sid);
  });
});
