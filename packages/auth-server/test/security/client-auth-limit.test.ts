import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { connectRateLimitStore } from '../../src/security/rate-limit-store.js';
import { describeWithRedis, redisUrl } from '../helpers/services.js';
import { SECRET, SERVICE_SECRET, startOidcFixture, type OidcFixture } from '../oidc/oidc.fixture.js';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

let f: OidcFixture;
beforeEach(async () => {
  // TRUST_PROXY=1 lets the test speak from several addresses through X-Forwarded-For.
  f = await startOidcFixture({ RATE_LIMIT_CLIENT_AUTH_FAILURES_PER_MINUTE: '3', TRUST_PROXY: '1' });
});
afterEach(() => f.close());

const token = (auth: string, from = '203.0.113.7', grantType = 'client_credentials') =>
  request(f.ctx.app).post('/token').set('Authorization', auth).set('X-Forwarded-For', from).type('form').send({ grant_type: grantType });

describe('failed client authentications are limited per client and address', () => {
  test('a busy backend behind one address is never throttled for requests that authenticate', async () => {
    // More than the former per-IP budget of 600 token requests a minute. An unsupported grant type is
    // refused after the client authenticated, so no signing slows the test.
    for (let i = 0; i < 650; i++) expect((await token(basic('service', SERVICE_SECRET), '203.0.113.7', 'urn:example:none')).status).toBe(400);
    expect((await token(basic('service', SERVICE_SECRET))).status).toBe(200);
  });

  test('after the limit of wrong secrets, that client from that address gets 429 with Retry-After, even with the right one', async () => {
    for (let i = 0; i < 3; i++) expect((await token(basic('service', 'wrong-secret'))).status).toBe(401);
    const refused = await token(basic('service', SERVICE_SECRET));
    expect(refused.status).toBe(429);
    expect(refused.body).toHaveProperty('error', 'too_many_requests');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Revocation and introspection authenticate clients the same way and share the count.
    expect((await request(f.ctx.app).post('/revoke').set('Authorization', basic('service', SERVICE_SECRET)).set('X-Forwarded-For', '203.0.113.7').type('form').send({ token: 'x' })).status).toBe(429);

    // The same client from another address, and another client from the same address, go on.
    expect((await token(basic('service', SERVICE_SECRET), '198.51.100.9')).status).toBe(200);
    const other = await request(f.ctx.app)
      .post('/token')
      .set('Authorization', basic('web-app', SECRET))
      .set('X-Forwarded-For', '203.0.113.7')
      .type('form')
      .send({ grant_type: 'refresh_token', refresh_token: 'unknown' });
    expect(other.status).toBe(400);
    expect(other.body).toHaveProperty('error', 'invalid_grant');
  });

  test('unknown client ids and grant errors are not counted as failed authentications', async () => {
    for (let i = 0; i < 5; i++) expect((await token(basic('ghost', 'x'))).status).toBe(401);
    for (let i = 0; i < 5; i++) {
      const res = await request(f.ctx.app).post('/token').set('Authorization', basic('web-app', SECRET)).set('X-Forwarded-For', '203.0.113.7').type('form').send({ grant_type: 'refresh_token', refresh_token: 'unknown' });
      expect(res.body).toHaveProperty('error', 'invalid_grant');
    }
    expect((await token(basic('service', SERVICE_SECRET))).status).toBe(200);
  });
});

describeWithRedis('failed client authentications counted through Redis', () => {
  test('two instances share the count', async () => {
    const redis = await connectRateLimitStore(redisUrl!, createLogger('silent'));
    const run = randomBytes(6).toString('hex'); // keeps parallel test runs apart
    try {
      const shared = { ...f.ctx.deps, rateLimitStore: (name: string) => redis.storeFor(`test-${run}:${name}`) };
      const [one, two] = [createApp(shared), createApp(shared)];
      const attempt = (app: typeof one, secret: string) =>
        request(app).post('/token').set('Authorization', basic('service', secret)).set('X-Forwarded-For', '203.0.113.8').type('form').send({ grant_type: 'client_credentials' });
      const statuses = [];
      for (const app of [one, two, one]) statuses.push((await attempt(app, 'wrong-secret')).status);
      statuses.push((await attempt(two, SERVICE_SECRET)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await redis.close();
    }
  });
});
