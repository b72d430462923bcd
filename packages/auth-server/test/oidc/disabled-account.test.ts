import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { CLI_ACTOR } from '../../src/admin/actor.js';
import { disableUser, enableUser } from '../../src/admin/services/user-access.js';
import { Browser } from '../helpers/browser.js';
import { authorizationRequest, codeFlow, SECRET, SERVICE_SECRET, signInThrough, startOidcFixture, type OidcFixture } from './oidc.fixture.js';

const basic = `Basic ${Buffer.from(`web-app:${SECRET}`).toString('base64')}`;
const serviceBasic = `Basic ${Buffer.from(`service:${SERVICE_SECRET}`).toString('base64')}`;
const caller = { actor: CLI_ACTOR };

describe('a disabled account (issue 13)', () => {
  let f: OidcFixture;
  const received: string[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(new URLSearchParams(body).get('logout_token') ?? '');
      res.writeHead(200).end();
    });
  });
  beforeAll(async () => {
    f = await startOidcFixture();
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const uri = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bcl`;
    await f.ctx.store.clients.update('web-app', { backchannelLogoutUri: uri }, f.ctx.clock());
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
    await f.close();
  });

  const introspect = async (token: string, auth = basic) =>
    (await request(f.ctx.app).post('/introspect').set('authorization', auth).type('form').send({ token })).body as { active: boolean };

  test('loses its sessions, refresh tokens and userinfo at once; apps get a logout token; enabling lets it sign in again', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer), { scope: 'openid profile email offline_access' });
    const refresh = () =>
      request(f.ctx.app).post('/token').set('authorization', basic).type('form').send({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    const userinfo = () => request(f.ctx.app).get('/userinfo').set('authorization', `Bearer ${tokens.access_token}`);
    expect((await userinfo()).status).toBe(200);
    expect(await introspect(tokens.access_token)).toMatchObject({ active: true, sub: f.account.id });

    const result = await disableUser(f.ctx.deps, caller, 'alice');
    expect(result).toMatchObject({ status: 'disabled', sessionsEnded: 1 });
    expect(result.grantsRevoked).toBeGreaterThanOrEqual(1);
    expect(received.map((t) => decodeJwt(t))).toEqual([expect.objectContaining({ aud: 'web-app', sub: f.account.id })]);
    expect(await f.ctx.store.sessions.listActiveByAccount(f.account.id, f.ctx.clock())).toEqual([]);

    const refused = await refresh();
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_grant' });
    const info = await userinfo();
    expect(info.status).toBe(401);
    expect(info.headers['www-authenticate']).toContain('invalid_token');
    // RFC 7662 §2.2: the access token, still unexpired and well signed, is no longer valid either.
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
    const audit = await f.ctx.store.audit.list({ type: 'account_disabled' });
    expect(audit[0]?.detail).toMatchObject({ by: 'cli', sessionsEnded: 1 });

    await enableUser(f.ctx.deps, caller, 'alice');
    const again = await codeFlow(f, new Browser(f.issuer));
    expect(again.tokens.access_token).toBeTruthy();
  });

  test('the token endpoint checks the flag itself: a code or refresh token that outlived the sign-out is refused', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer), { scope: 'openid offline_access' });
    const req = await authorizationRequest(f.web, { scope: 'openid' });
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    // The flag alone, as a disable racing these requests would leave it before its sessions end.
    await f.ctx.store.accounts.update(f.account.id, { disabledAt: f.ctx.clock() }, f.ctx.clock());
    const token = (body: Record<string, string>) => request(f.ctx.app).post('/token').set('authorization', basic).type('form').send(body);
    const code = await token({ grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: 'https://rp.example/callback', code_verifier: req.verifier });
    expect(code.body).toMatchObject({ error: 'invalid_grant', error_description: 'The account is disabled' });
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! });
    expect(refreshed.body).toMatchObject({ error: 'invalid_grant', error_description: 'The account is disabled' });
    await f.ctx.store.accounts.update(f.account.id, { disabledAt: null }, f.ctx.clock());
  });

  test('introspection checks the flag itself: the access and refresh tokens are inactive, a client\'s own token is not affected', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer), { scope: 'openid offline_access' });
    const service = await request(f.ctx.app).post('/token').set('authorization', serviceBasic).type('form').send({ grant_type: 'client_credentials', scope: 'notes:read' });
    const serviceToken = (service.body as { access_token: string }).access_token;
    expect(await introspect(tokens.refresh_token!)).toMatchObject({ active: true, token_type: 'refresh_token' });
    // The flag alone: the grants and refresh tokens are still there, as a racing disable leaves them.
    await f.ctx.store.accounts.update(f.account.id, { disabledAt: f.ctx.clock() }, f.ctx.clock());
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
    expect(await introspect(tokens.refresh_token!)).toEqual({ active: false });
    expect(await introspect(serviceToken, serviceBasic)).toMatchObject({ active: true, client_id: 'service', sub: 'service' });
    await f.ctx.store.accounts.update(f.account.id, { disabledAt: null }, f.ctx.clock());
    expect(await introspect(tokens.access_token)).toMatchObject({ active: true });
  });
});
