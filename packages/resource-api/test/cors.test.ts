import request from 'supertest';
import { bearer, startTestApp } from './helpers/test-app.js';
import type { TestApp } from './helpers/test-app.js';

describe('CORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reflects an allowed origin and exposes the challenge header', async () => {
    const res = await request(t.app).get('/protected').set('Origin', 'http://app-a.localhost:4002').set(bearer(await t.issuer.sign()));
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://app-a.localhost:4002');
    expect(res.headers['access-control-expose-headers']).toBe('WWW-Authenticate');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers.vary).toMatch(/Origin/);
  });

  it('answers an allowed preflight, allowing the Authorization header', async () => {
    const res = await request(t.app)
      .options('/notes')
      .set('Origin', 'http://app-b.localhost:4003')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://app-b.localhost:4003');
    expect(res.headers['access-control-allow-headers']).toBe('Authorization, Content-Type');
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST, DELETE');
  });

  it('sends no CORS headers to another origin', async () => {
    const res = await request(t.app).get('/public').set('Origin', 'http://evil.localhost:666');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(t.app).options('/notes').set('Origin', 'http://evil.localhost:666').set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});
