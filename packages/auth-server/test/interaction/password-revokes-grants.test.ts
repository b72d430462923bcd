import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { decodeJwt } from 'jose';
import { Browser, postForm } from '../helpers/browser.js';
import { clientDefaults, discover, SECRET, signInThrough, startOidcFixture, authorizationRequest, USER, type OidcFixture } from '../oidc/oidc.fixture.js';

/** The app's back-channel logout endpoint: records the logout tokens it receives. */
let receiver: Server;
const received: Record<string, unknown>[] = [];
let f: OidcFixture;
let app: client.Configuration;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(decodeJwt(new URLSearchParams(body).get('logout_token') ?? ''));
      res.writeHead(200).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  f = await startOidcFixture();
  const uri = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bcl`;
  await f.ctx.store.clients.create(clientDefaults({ clientId: 'notes-app', redirectUris: ['https://notes.example/cb'], backchannelLogoutUri: uri }), f.ctx.clock());
  app = await discover(f.issuer, 'notes-app', SECRET);
});
afterAll(async () => {
  await f.close();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

/** Signs in on `browser` through notes-app and returns its tokens (scope chosen by the caller). */
async function tokensFor(browser: Browser, scope: string) {
  const req = await authorizationRequest(app, { scope }, 'https://notes.example/cb');
  const callback = await signInThrough(browser, f.issuer, req.url);
  const tokens = await client.authorizationCodeGrant(app, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state, expectedNonce: req.nonce });
  return { tokens, sid: decodeJwt(tokens.id_token!).sid as string };
}

const stillWorks = (refreshToken: string) =>
  client.refreshTokenGrant(app, refreshToken).then(
    () => true,
    () => false,
  );

test('changing the password revokes every grant of the account but this session’s, offline ones included, with back-channel logout', async () => {
  const here = new Browser(f.issuer);
  const mine = await tokensFor(here, 'openid offline_access');

  const elsewhere = new Browser(f.issuer);
  const otherOffline = await tokensFor(elsewhere, 'openid offline_access');
  const otherOnline = await tokensFor(elsewhere, 'openid');

  // A third browser signed out already: its offline grant lives on without a session.
  const gone = new Browser(f.issuer);
  const orphan = await tokensFor(gone, 'openid offline_access');
  const logout = postForm(await (await gone.get('/logout')).text(), 'logout');
  await gone.post('/logout', logout.fields);
  received.length = 0;

  const form = postForm(await (await here.get('/account/password')).text(), 'new_password');
  const res = await here.post('/account/password', { ...form.fields, current_password: USER.password, new_password: 'a-brand-new-secret-42', confirm_password: 'a-brand-new-secret-42' });
  expect(res.status).toBe(303);

  expect(await stillWorks(otherOffline.tokens.refresh_token!)).toBe(false);
  expect(await stillWorks(otherOnline.tokens.refresh_token!)).toBe(false);
  expect(await stillWorks(orphan.tokens.refresh_token!)).toBe(false);
  expect(await stillWorks(mine.tokens.refresh_token!)).toBe(true);

  // notes-app hears of both the other session and the orphaned offline grant.
  const sids = received.map((t) => t.sid).sort();
  expect(sids).toEqual([orphan.sid, otherOffline.sid].sort());
  expect(received.every((t) => t.sub === f.account.id && t.aud === 'notes-app')).toBe(true);
  expect((await f.ctx.store.audit.list({ type: 'password_changed' }))[0]?.detail).toMatchObject({ sessionsEnded: 1, grantsRevoked: 3 });
});
