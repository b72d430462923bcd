import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect, createServer, type AddressInfo } from 'node:net';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { connectRateLimitStore } from '../../src/security/rate-limit-store.js';
import { describeWithRedis, redisUrl } from '../helpers/services.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';

// No CSRF token: each post is refused with 403 after the limiter counted it, so no hashing slows the test.
const attempt = (app: Express, accept = 'text/html') =>
  request(app).post('/login').set('Accept', accept).type('form').send('username=alice&password=guess');

describe('login rate limit (in memory)', () => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext({ RATE_LIMIT_LOGIN_PER_MINUTE: '3' });
  });
  afterEach(() => t.close());

  it('answers the N+1th POST in a minute with 429, Retry-After and RateLimit headers', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt(t.app)).status).toBe(403);
    const res = await attempt(t.app);
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(res.headers['ratelimit-policy']).toMatch(/"login"; q=3; w=60/);
    expect(res.headers['content-type']).toMatch(/html/);
    expect(res.text).toContain('Too many attempts');
  });

  it('answers JSON to clients that do not ask for HTML', async () => {
    for (let i = 0; i < 3; i++) await attempt(t.app, 'application/json');
    const res = await attempt(t.app, 'application/json');
    expect(res.status).toBe(429);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    expect(res.body).toEqual({ error: 'too_many_requests', error_description: expect.any(String) });
  });

  it('limits sign-up separately from login, and leaves page views alone', async () => {
    for (let i = 0; i < 4; i++) await attempt(t.app);
    expect((await request(t.app).post('/signup').type('form').send('username=x')).status).toBe(403);
    expect((await request(t.app).get('/login')).status).toBe(200);
  });
});

describe('rate limit with Redis unreachable', () => {
  it('fails open (requests pass, the lockout still guards accounts) and closes cleanly', async () => {
    const t = await createTestContext({ RATE_LIMIT_LOGIN_PER_MINUTE: '1' });
    const logger = createLogger('silent');
    const redis = await connectRateLimitStore('redis://127.0.0.1:1', logger);
    try {
      const app = createApp({ ...t.deps, rateLimitStore: redis.storeFor });
      for (let i = 0; i < 3; i++) expect((await attempt(app)).status).toBe(403);
    } finally {
      await redis.close();
      await t.close();
    }
  });
});

describeWithRedis('rate limit shared through Redis', () => {
  it('counts across two instances', async () => {
    const t = await createTestContext({ RATE_LIMIT_LOGIN_PER_MINUTE: '4' });
    const redis = await connectRateLimitStore(redisUrl!, createLogger('silent'));
    const run = randomBytes(6).toString('hex'); // keeps parallel test runs apart
    try {
      const shared = { ...t.deps, rateLimitStore: (name: string) => redis.storeFor(`test-${run}:${name}`) };
      const [one, two] = [createApp(shared), createApp(shared)];
      const statuses = [];
      for (const app of [one, two, one, two, one, two]) statuses.push((await attempt(app)).status);
      expect(statuses).toEqual([403, 403, 403, 403, 429, 429]);
    } finally {
      await redis.close();
      await t.close();
    }
  });
});

describeWithRedis('rate limit when Redis comes back', () => {
  it('starts enforcing again once Redis is reachable, even if it was down at start', async () => {
    const t = await createTestContext({ RATE_LIMIT_LOGIN_PER_MINUTE: '1' });
    // A port that refuses connections until a forwarding proxy to the real Redis starts on it.
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const redis = await connectRateLimitStore(`redis://127.0.0.1:${port}`, createLogger('silent'));
    const target = new URL(redisUrl!);
    const proxy = createServer((socket) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    try {
      const app = createApp({ ...t.deps, rateLimitStore: (name) => redis.storeFor(`test-${randomBytes(6).toString('hex')}:${name}`) });
      expect((await attempt(app)).status).toBe(403); // Redis down: passes
      proxy.listen(port, '127.0.0.1');
      await once(proxy, 'listening');
      // The client reconnects on its own backoff; once it is ready the limiter counts again.
      await redis.ready();
      const statuses = [(await attempt(app)).status, (await attempt(app)).status];
      expect(statuses).toEqual([403, 429]);
    } finally {
      await redis.close();
      await new Promise((resolve) => proxy.close(resolve));
      await t.close();
    }
  });
});
