import * as client from 'openid-client';
import { decodeJwt } from 'jose';
import request from 'supertest';
import { Browser } from '../helpers/browser.js';
import { authorizationRequest, codeFlow, discover, SECRET, SERVICE_SECRET, signInThrough, startOidcFixture, type OidcFixture } from './oidc.fixture.js';

let f: OidcFixture;
beforeAll(async () => {
  f = await startOidcFixture();
});
afterAll(() => f.close());

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('token endpoint', () => {
  test('client_credentials issues an access token for the client itself', async () => {
    const service = await discover(f.issuer, 'service', SERVICE_SECRET);
    const tokens = await client.clientCredentialsGrant(service, { scope: 'notes:read' });
    const at = decodeJwt(tokens.access_token);
    expect(at).toMatchObject({ sub: 'service', client_id: 'service', scope: 'notes:read', aud: f.ctx.config.resourceAudience });
    expect(at.roles).toBeUndefined(); // no user, no roles
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.id_token).toBeUndefined();
  });

  test('client_credentials refuses scopes beyond the client and user scopes', async () => {
    const service = await discover(f.issuer, 'service', SERVICE_SECRET);
    await expect(client.clientCredentialsGrant(service, { scope: 'notes:write' })).rejects.toMatchObject({ error: 'invalid_scope' });
    await expect(client.clientCredentialsGrant(service, { scope: 'openid' })).rejects.toMatchObject({ error: 'invalid_scope' });
  });

  test('a client not registered for a grant type gets unauthorized_client', async () => {
    const res = await request(f.ctx.app).post('/token').set('Authorization', basic('web-app', SECRET)).type('form').send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(400);
    expect(res.body).toHaveProperty('error', 'unauthorized_client');
  });

  test('client_secret_post works; two methods at once are refused', async () => {
    const ok = await request(f.ctx.app).post('/token').type('form').send({ grant_type: 'client_credentials', client_id: 'service', client_secret: SERVICE_SECRET });
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    const both = await request(f.ctx.app)
      .post('/token')
      .set('Authorization', basic('service', SERVICE_SECRET))
      .type('form')
      .send({ grant_type: 'client_credentials', client_secret: SERVICE_SECRET });
    expect(both.status).toBe(400);
    expect(both.body).toHaveProperty('error', 'invalid_request');
  });

  test('wrong secret, unknown client and malformed Basic are 401 invalid_client with WWW-Authenticate', async () => {
    for (const header of [basic('service', 'wrong'), basic('ghost', 'x'), 'Basic !!!', 'Basic bm9jb2xvbg==']) {
      const res = await request(f.ctx.app).post('/token').set('Authorization', header).type('form').send({ grant_type: 'client_credentials' });
      expect(res.status).toBe(401);
      expect(res.body).toHaveProperty('error', 'invalid_client');
      expect(res.headers['www-authenticate']).toMatch(/^Basic/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(JSON.stringify(res.body)).not.toContain('wrong');
    }
  });

  test('a public client cannot use client_credentials or send a secret', async () => {
    const res = await request(f.ctx.app).post('/token').type('form').send({ grant_type: 'client_credentials', client_id: 'spa' });
    expect(res.body).toHaveProperty('error', 'unauthorized_client');
    const withSecret = await request(f.ctx.app).post('/token').type('form').send({ grant_type: 'authorization_code', client_id: 'spa', client_secret: 'x', code: 'c' });
    expect(withSecret.status).toBe(401);
  });

  test('a public client redeems its code with PKCE alone', async () => {
    const spa = await discover(f.issuer, 'spa');
    const req = await authorizationRequest(spa, {}, 'https://spa.example/cb');
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    const tokens = await client.authorizationCodeGrant(spa, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state, expectedNonce: req.nonce });
    expect(tokens.access_token).toBeTruthy();
  });

  test('a code issued to one client cannot be redeemed by another', async () => {
    const req = await authorizationRequest(f.web);
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    const res = await request(f.ctx.app)
      .post('/token')
      .set('Authorization', basic('other-app', SECRET))
      .type('form')
      .send({ grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: 'https://rp.example/callback', code_verifier: req.verifier });
    expect(res.body).toHaveProperty('error', 'invalid_grant');
  });

  test('a redirect_uri different from the authorization request is refused', async () => {
    const req = await authorizationRequest(f.web);
    const callback = await signInThrough(new Browser(f.issuer), f.issuer, req.url);
    const res = await request(f.ctx.app)
      .post('/token')
      .set('Authorization', basic('web-app', SECRET))
      .type('form')
      .send({ grant_type: 'authorization_code', code: callback.searchParams.get('code')!, redirect_uri: 'https://rp.example/other', code_verifier: req.verifier });
    expect(res.body).toHaveProperty('error', 'invalid_grant');
  });

  test('refresh with a narrower scope works, a wider one does not', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer));
    const narrower = await client.refreshTokenGrant(f.web, tokens.refresh_token!, { scope: 'openid' });
    expect(narrower.scope).toBe('openid');
    await expect(client.refreshTokenGrant(f.web, narrower.refresh_token!, { scope: 'openid notes:write' })).rejects.toMatchObject({ error: 'invalid_scope' });
  });

  test('malformed requests get clear 4xx errors', async () => {
    const app = f.ctx.app;
    const auth = basic('service', SERVICE_SECRET);
    const cases = [
      request(app).get('/token'),
      request(app).post('/token').set('Authorization', auth).send({ grant_type: 'client_credentials' }), // JSON
      request(app).post('/token').set('Authorization', auth).set('Content-Type', 'text/plain').send('grant_type=client_credentials'),
      request(app).post('/token').set('Authorization', auth).type('form').send({}),
      request(app).post('/token').set('Authorization', auth).type('form').send('grant_type=client_credentials&grant_type=password'),
      request(app).post('/token').set('Authorization', auth).type('form').send({ grant_type: 'password' }),
      request(app).post('/token').set('Authorization', auth).type('form').send({ grant_type: 'x'.repeat(5000) }),
      request(app).post('/token').set('Authorization', auth).type('form').send(`grant_type=${'a'.repeat(40_000)}`),
      request(app).post('/token?grant_type=client_credentials').set('Authorization', auth).type('form').send({ grant_type: 'client_credentials' }),
      request(app).post('/token').set('Authorization', auth).type('form').send({ grant_type: 'authorization_code' }),
      request(app).post('/token').set('Authorization', auth).type('form').send({ grant_type: 'refresh_token' }),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect((res.body as { error?: string }).error).toBeTruthy();
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const unsupported = await request(app).post('/token').set('Authorization', auth).type('form').send({ grant_type: 'password' });
    expect(unsupported.body).toHaveProperty('error', 'unsupported_grant_type');
  });
});

describe('CORS for browser-based clients', () => {
  test('token, userinfo and revocation answer preflights for any origin, without credentials', async () => {
    for (const path of ['/token', '/userinfo', '/revoke']) {
      const res = await request(f.ctx.app).options(path).set('Origin', 'https://spa.example').set('Access-Control-Request-Method', 'POST');
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-headers']).toMatch(/Authorization/);
      expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    }
  });

  test('introspection and the login page send no CORS headers', async () => {
    for (const path of ['/introspect', '/login']) {
      const res = await request(f.ctx.app).options(path).set('Origin', 'https://spa.example').set('Access-Control-Request-Method', 'POST');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});
