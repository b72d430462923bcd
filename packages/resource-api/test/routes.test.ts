import request from 'supertest';
import { bearer, startTestApp } from './helpers/test-app.js';
import type { TestApp } from './helpers/test-app.js';

describe('routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /public needs no token', async () => {
    const res = await request(t.app).get('/public');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'This is public, no token needed' });
    expect(res.headers['x-content-type-options']).toBe('nosniff'); // helmet
  });

  it('GET /healthz', async () => {
    const res = await request(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /protected returns who the token is for', async () => {
    const res = await request(t.app).get('/protected').set(bearer(await t.issuer.sign({ sub: 'alice', roles: ['admin'], scope: 'openid notes:read' })));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'This is for the authorized, token is validated',
      sub: 'alice',
      scopes: ['openid', 'notes:read'],
      roles: ['admin'],
    });
  });

  it('GET /protected accepts a client-credentials token (no roles)', async () => {
    const res = await request(t.app).get('/protected').set(bearer(await t.issuer.sign({ sub: 'worker', client_id: 'worker', roles: undefined })));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sub: 'worker', roles: [] });
  });

  it('GET /admin needs the admin role', async () => {
    const user = await request(t.app).get('/admin').set(bearer(await t.issuer.sign({ roles: ['user'] })));
    expect(user.status).toBe(403);
    expect(user.headers['www-authenticate']).toMatch(/^Bearer realm="[^"]+", error="insufficient_scope", error_description="the token lacks the role admin"$/);
    expect(user.body).toHaveProperty('message', 'This needs the admin role');

    const noToken = await request(t.app).get('/admin');
    expect(noToken.status).toBe(401);

    const admin = await request(t.app).get('/admin').set(bearer(await t.issuer.sign({ sub: 'root', roles: ['admin'] })));
    expect(admin.status).toBe(200);
    expect(admin.body).toMatchObject({ sub: 'root' });
  });

  it('a cached token stops working once it expires (injected clock)', async () => {
    const token = await t.issuer.sign(); // 300 s lifetime
    expect((await request(t.app).get('/protected').set(bearer(token))).status).toBe(200);
    expect((await request(t.app).get('/protected').set(bearer(token))).status).toBe(200);
    t.advance(306_000); // past exp + 5 s tolerance
    const res = await request(t.app).get('/protected').set(bearer(token));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error_description="the token has expired"');
    t.advance(-306_000);
  });

  it('unknown routes answer 404 JSON', async () => {
    const res = await request(t.app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'not_found' });
  });
});
