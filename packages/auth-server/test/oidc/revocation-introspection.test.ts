import * as client from 'openid-client';
import request from 'supertest';
import { Browser } from '../helpers/browser.js';
import { codeFlow, discover, SERVICE_SECRET, startOidcFixture, type OidcFixture } from './oidc.fixture.js';

let f: OidcFixture;
beforeAll(async () => {
  f = await startOidcFixture();
});
afterAll(() => f.close());

describe('introspection (RFC 7662)', () => {
  test('reports active access and refresh tokens with their claims', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer));
    const at = await client.tokenIntrospection(f.web, tokens.access_token);
    expect(at).toMatchObject({ active: true, client_id: 'web-app', sub: f.account.id, token_type: 'Bearer' });
    const rt = await client.tokenIntrospection(f.web, tokens.refresh_token!, { token_type_hint: 'refresh_token' });
    expect(rt).toMatchObject({ active: true, token_type: 'refresh_token', client_id: 'web-app' });
  });

  test('a wrong hint does not hide a valid token', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer));
    const res = await client.tokenIntrospection(f.web, tokens.access_token, { token_type_hint: 'refresh_token' });
    expect(res.active).toBe(true);
  });

  test('expired, garbage and foreign tokens are inactive', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer));
    expect((await client.tokenIntrospection(f.web, 'garbage')).active).toBe(false);
    expect((await client.tokenIntrospection(f.web, 'a.b.c')).active).toBe(false);
    f.ctx.clock.advance(16 * 60_000);
    expect((await client.tokenIntrospection(f.web, tokens.access_token)).active).toBe(false);
  });

  test('public clients and unauthenticated callers are refused', async () => {
    const res = await request(f.ctx.app).post('/introspect').type('form').send({ token: 'x', client_id: 'spa' });
    expect(res.status).toBe(401);
    expect(res.body).toHaveProperty('error', 'invalid_client');
    const none = await request(f.ctx.app).post('/introspect').type('form').send({ token: 'x' });
    expect(none.status).toBe(401);
  });
});

describe('revocation (RFC 7009)', () => {
  test('revoking a refresh token revokes its grant, access token included', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer));
    await client.tokenRevocation(f.web, tokens.refresh_token!, { token_type_hint: 'refresh_token' });
    await expect(client.refreshTokenGrant(f.web, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await client.tokenIntrospection(f.web, tokens.access_token)).active).toBe(false);
  });

  test('revoking an access token makes it inactive and userinfo refuses it', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer));
    await client.tokenRevocation(f.web, tokens.access_token);
    expect((await client.tokenIntrospection(f.web, tokens.access_token)).active).toBe(false);
    const res = await request(f.ctx.app).get('/userinfo').set('Authorization', `Bearer ${tokens.access_token}`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  test('another client cannot revoke tokens that are not its own; unknown tokens get 200', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer));
    const service = await discover(f.issuer, 'service', SERVICE_SECRET);
    await client.tokenRevocation(service, tokens.refresh_token!);
    await client.tokenRevocation(service, 'never-issued');
    expect((await client.tokenIntrospection(f.web, tokens.refresh_token!)).active).toBe(true);
  });
});

describe('userinfo (OIDC Core §5.3, RFC 6750)', () => {
  test('no token: 401 with a bare Bearer challenge', async () => {
    const res = await request(f.ctx.app).get('/userinfo');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="userinfo"');
  });

  test('a token in the query string is refused', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer));
    const res = await request(f.ctx.app).get(`/userinfo?access_token=${tokens.access_token}`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toContain(tokens.access_token);
  });

  test('POST with the token in the form body works; a token without openid is insufficient_scope', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer), { scope: 'openid profile' });
    const ok = await request(f.ctx.app).post('/userinfo').type('form').send({ access_token: tokens.access_token });
    expect(ok.status).toBe(200);
    const service = await discover(f.issuer, 'service', SERVICE_SECRET);
    const cc = await client.clientCredentialsGrant(service, { scope: 'notes:read' });
    const res = await request(f.ctx.app).get('/userinfo').set('Authorization', `Bearer ${cc.access_token}`);
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toContain('error="insufficient_scope"');
  });

  test('an ID token is not accepted as an access token', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer));
    const res = await request(f.ctx.app).get('/userinfo').set('Authorization', `Bearer ${tokens.id_token}`);
    expect(res.status).toBe(401);
  });
});
