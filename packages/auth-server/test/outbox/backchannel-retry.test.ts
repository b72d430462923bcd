import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import * as client from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { createAppOutbox } from '../../src/outbox/handlers.js';
import { backoffDelay } from '../../src/outbox/outbox.js';
import { logoutSession } from '../../src/sessions/logout.js';
import { Browser } from '../helpers/browser.js';
import { authorizationRequest, clientDefaults, discover, SECRET, signInThrough, startOidcFixture, type OidcFixture } from '../oidc/oidc.fixture.js';
import { freePort } from './outbox-fixture.js';

/** An app's back-channel logout endpoint on a fixed port, started only when the app is "up". */
function startApp(port: number, received: string[]): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(new URLSearchParams(body).get('logout_token') ?? '');
      res.writeHead(200).end();
    });
  });
  server.listen(port, '127.0.0.1');
  return once(server, 'listening').then(() => server);
}

let f: OidcFixture;
let port: number;
beforeAll(async () => {
  f = await startOidcFixture();
  port = await freePort();
  await f.ctx.store.clients.create(
    clientDefaults({ clientId: 'down-app', redirectUris: ['https://down.example/cb'], backchannelLogoutUri: `http://127.0.0.1:${port}/logout` }),
    f.ctx.clock(),
  );
});
afterAll(() => f.close());

test('an app down during logout receives its logout token once it is back', async () => {
  const browser = new Browser(f.issuer);
  const rp = await discover(f.issuer, 'down-app', SECRET);
  const req = await authorizationRequest(rp, {}, 'https://down.example/cb');
  const tokens = await client.authorizationCodeGrant(rp, await signInThrough(browser, f.issuer, req.url), {
    pkceCodeVerifier: req.verifier,
    expectedState: req.state,
    expectedNonce: req.nonce,
  });
  const sid = tokens.claims()!.sid as string;

  // The app is down: the first attempt (during the logout request) fails and stays in the outbox.
  const outbox = createAppOutbox(f.ctx.deps);
  expect((await logoutSession(f.ctx.deps, sid, 'test')).notified).toEqual([{ clientId: 'down-app', ok: false }]);
  const [pending] = await f.ctx.store.outbox.list({ status: ['pending'] });
  expect(pending).toMatchObject({ kind: 'backchannel_logout', attempts: 1 });

  const received: string[] = [];
  const app = await startApp(port, received);
  try {
    expect(await outbox.tick()).toEqual({ sent: 0, retrying: 0, failed: 0 }); // not due yet
    f.ctx.clock.advance(backoffDelay(1));
    expect(await outbox.tick()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(received).toHaveLength(1);
    // Signed at delivery time, so it is fresh although the logout happened earlier.
    const { payload } = await jwtVerify(received[0]!, createRemoteJWKSet(new URL(`${f.issuer}/jwks`)), {
      issuer: f.issuer,
      audience: 'down-app',
      typ: 'logout+jwt',
      currentDate: new Date(f.ctx.clock()),
    });
    expect(payload.sid).toBe(sid);
    expect(await outbox.tick()).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(received).toHaveLength(1);
  } finally {
    app.closeAllConnections();
    await new Promise((r) => app.close(r));
  }
});

test('an app that never comes back: retried with back-off until the limit, then marked failed', async () => {
  const outbox = createAppOutbox(f.ctx.deps);
  const id = await f.ctx.store.transaction((tx) => outbox.enqueue(tx, 'backchannel_logout', { clientId: 'down-app', sub: f.account.id, sid: 'gone' }));
  for (let attempt = 1; attempt <= 8; attempt++) {
    expect(await outbox.deliver([id])).toEqual(new Map([[id, false]]));
    f.ctx.clock.advance(backoffDelay(attempt));
  }
  expect((await f.ctx.store.outbox.find(id))!.status).toBe('failed');
});
