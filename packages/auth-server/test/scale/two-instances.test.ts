import * as client from 'openid-client';
import request from 'supertest';
import { createAccount } from '../../src/accounts/create-account.js';
import { hashClientSecret } from '../../src/clients/client-secret.js';
import { manualClock } from '../../src/clock.js';
import { createLogger } from '../../src/logger.js';
import type { Change, ChangeFeed } from '../../src/store/change-feed.js';
import { connectRateLimitStore } from '../../src/security/rate-limit-store.js';
import { postForm } from '../helpers/browser.js';
import { createTempDatabase, describeWithPostgres, postgresUrl, redisUrl } from '../helpers/services.js';
import { skipNotice } from '../helpers/skip-notice.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { clientDefaults, SECRET, USER } from '../oidc/oidc.fixture.js';

/**
 * Two auth-server instances on one PostgreSQL database and one Redis behave as one server: what
 * one instance starts, the other finishes.
 */
if (postgresUrl && !redisUrl) skipNotice('the shared Redis rate limit part skipped (memory limiter used); set TEST_REDIS_URL to run it');

describeWithPostgres('two instances on one PostgreSQL and one Redis', () => {
  const clock = manualClock();
  let db: Awaited<ReturnType<typeof createTempDatabase>>;
  let redis: Awaited<ReturnType<typeof connectRateLimitStore>> | undefined;
  let a: TestContext;
  let b: TestContext;
  const ISSUER = 'https://sso.example';

  beforeAll(async () => {
    db = await createTempDatabase();
    if (!redisUrl && process.env.REQUIRE_SERVICES === '1') throw new Error('TEST_REDIS_URL is required');
    redis = redisUrl ? await connectRateLimitStore(redisUrl, createLogger('silent')) : undefined;
    const env = { DATABASE_URL: db.url, ISSUER, RATE_LIMIT_LOGIN_PER_MINUTE: '12', LOCKOUT_THRESHOLD: '3' };
    // Unique prefixes keep this run's counters apart from other runs sharing the Redis server.
    const run = Math.random().toString(36).slice(2);
    const rateLimitStore = redis ? (prefix: string) => redis!.storeFor(`${run}:${prefix}`) : undefined;
    // Both start at once on the empty database: migrations must not race.
    [a, b] = await Promise.all([createTestContext(env, { clock, rateLimitStore }), createTestContext(env, { clock, rateLimitStore })]);
    await a.store.clients.create(clientDefaults({ clientId: 'web-app' }), clock());
    await createAccount(a.store, clock(), { ...USER, name: 'Alice' });
    await createAccount(a.store, clock(), { username: 'bob', password: 'second-user-secret-7' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.close();
    await db?.drop();
  });

  const basic = `Basic ${Buffer.from(`web-app:${SECRET}`).toString('base64')}`;

  test('a login started on one instance completes on the other; tokens work across both', async () => {
    const verifier = client.randomPKCECodeVerifier();
    const params = new URLSearchParams({
      client_id: 'web-app',
      redirect_uri: 'https://rp.example/callback',
      response_type: 'code',
      scope: 'openid offline_access',
      state: 's',
      nonce: 'n',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    // One browser, requests alternating between the instances (a round-robin load balancer).
    const viaA = await request(a.app).get(`/authorize?${params.toString()}`);
    const loginPath = viaA.headers.location!;
    const page = await request(b.app).get(loginPath);
    const cookies = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]!);
    const form = postForm(page.text, 'password');
    const login = await request(a.app).post('/login').set('Cookie', cookies).type('form').send({ ...form.fields, ...USER });
    expect(login.status).toBe(303);
    // https issuer: the session cookie carries the __Host- prefix.
    const session = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]!).filter((c) => c.startsWith('__Host-sso_session='));
    expect(session).toHaveLength(1);
    const resume = await request(b.app).get(login.headers.location!).set('Cookie', [...cookies, ...session]);
    const code = new URL(resume.headers.location!).searchParams.get('code')!;
    expect(code).toBeTruthy();

    const tokens = await request(a.app)
      .post('/token')
      .set('Authorization', basic)
      .type('form')
      .send({ grant_type: 'authorization_code', code, redirect_uri: 'https://rp.example/callback', code_verifier: verifier });
    expect(tokens.status).toBe(200);
    // The code is spent everywhere.
    const replay = await request(b.app)
      .post('/token')
      .set('Authorization', basic)
      .type('form')
      .send({ grant_type: 'authorization_code', code, redirect_uri: 'https://rp.example/callback', code_verifier: verifier });
    expect(replay.body).toHaveProperty('error', 'invalid_grant');

    // SSO session from instance A is seen by instance B.
    const again = await request(b.app).get(`/authorize?${params.toString()}`).set('Cookie', session);
    expect(new URL(again.headers.location!).searchParams.get('code')).toBeTruthy();

    // Userinfo on B accepts A's token... but the replay above revoked that grant.
    const info = await request(b.app).get('/userinfo').set('Authorization', `Bearer ${(tokens.body as { access_token: string }).access_token}`);
    expect(info.status).toBe(401);
  });

  test('refresh tokens rotate across instances and reuse is caught on either', async () => {
    const now = clock();
    await a.store.grants.create({ id: 'g-shared', clientId: 'web-app', accountId: (await a.store.accounts.findByUsername('alice'))!.id, sid: null, scope: 'openid offline_access', authTime: now, createdAt: now, expiresAt: now + 3_600_000 });
    const { hashToken } = await import('../../src/tokens/opaque.js');
    await a.store.refreshTokens.create({ tokenHash: hashToken('first-refresh-token'), grantId: 'g-shared', clientId: 'web-app', accountId: (await a.store.accounts.findByUsername('alice'))!.id, scope: 'openid offline_access', createdAt: now, expiresAt: now + 3_600_000 });
    const first = await request(a.app).post('/token').set('Authorization', basic).type('form').send({ grant_type: 'refresh_token', refresh_token: 'first-refresh-token' });
    expect(first.status).toBe(200);
    const second = await request(b.app).post('/token').set('Authorization', basic).type('form').send({ grant_type: 'refresh_token', refresh_token: (first.body as { refresh_token: string }).refresh_token });
    expect(second.status).toBe(200);
    const reuse = await request(a.app).post('/token').set('Authorization', basic).type('form').send({ grant_type: 'refresh_token', refresh_token: (first.body as { refresh_token: string }).refresh_token });
    expect(reuse.body).toHaveProperty('error', 'invalid_grant');
    const after = await request(b.app).post('/token').set('Authorization', basic).type('form').send({ grant_type: 'refresh_token', refresh_token: (second.body as { refresh_token: string }).refresh_token });
    expect(after.body).toHaveProperty('error', 'invalid_grant');
  });

  test('lockout counted on one instance applies on the other', async () => {
    const page = await request(a.app).get('/login');
    const cookies = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]!);
    const form = postForm(page.text, 'password');
    for (const app of [a.app, b.app, a.app]) {
      await request(app).post('/login').set('Cookie', cookies).type('form').send({ ...form.fields, username: 'bob', password: 'wrong-password-xx' });
    }
    const locked = await request(b.app).post('/login').set('Cookie', cookies).type('form').send({ ...form.fields, username: 'bob', password: 'second-user-secret-7' });
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();

    // A username with no account locks the same way, on both instances alike.
    const ghost: string[] = [];
    for (const app of [a.app, b.app, a.app, b.app]) {
      const res = await request(app).post('/login').set('Cookie', cookies).type('form').send({ ...form.fields, username: 'nobody-here', password: 'wrong-password-xx' });
      ghost.push(`${res.status}${/sign-in for this username is paused/.test(res.text) ? ' locked' : ''}`);
    }
    expect(ghost).toEqual(['401', '401', '429 locked', '429 locked']);
  });

  test('rate-limit counts are shared through Redis', async () => {
    if (!redis) return;
    const page = await request(a.app).get('/login');
    const cookies = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]!);
    const form = postForm(page.text, 'password');
    const statuses: number[] = [];
    // 12 per minute per IP in all; earlier tests used 9 of this minute's budget.
    for (let i = 0; i < 8; i++) {
      const app = i % 2 === 0 ? a.app : b.app;
      const res = await request(app).post('/login').set('Cookie', cookies).type('form').send({ ...form.fields, username: `nobody${i}`, password: 'whatever-password' });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    const limited = statuses.lastIndexOf(429);
    expect(limited).toBeGreaterThan(0);
  });

  test('a key rotated through one instance is published and used by all', async () => {
    const before = ((await request(b.app).get('/jwks')).body as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    const rotated = await a.deps.keys.rotate();
    clock.advance(901_000); // past KEY_PUBLISH_AHEAD (900 s) and every instance's key cache
    const jwksB = ((await request(b.app).get('/jwks')).body as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    expect(jwksB).toContain(rotated.kid);
    expect(jwksB).toEqual(expect.arrayContaining(before)); // the old key stays published
    const cc = await b.deps.keys.current();
    expect(cc.kid).toBe(rotated.kid);
  });

  /** Resolves once `feed` hears a change that matches: subscribed before the change is made. */
  const heard = (feed: ChangeFeed, match: (c: Change) => boolean) =>
    new Promise<void>((resolve) => {
      const stop = feed.subscribe((c) => {
        if (!match(c)) return;
        stop();
        resolve();
      });
    });
  const revokeWith = (ctx: TestContext, secret: string) =>
    request(ctx.app)
      .post('/revoke')
      .set('Authorization', `Basic ${Buffer.from(`web-app:${secret}`).toString('base64')}`)
      .type('form')
      .send({ token: 'not-a-token' });

  test('a client secret rotated on one instance is refused by the other at once, not when its cache expires', async () => {
    expect((await revokeWith(b, SECRET)).status).toBe(200); // b has the client cached (1 s, and no time passes)
    const rotated = 'rotated-secret-for-web-app-0123456789';
    const delivered = heard(b.store.changes, (c) => c.kind === 'client' && c.id === 'web-app');
    await a.store.clients.update('web-app', { secretHash: hashClientSecret(rotated) }, clock());
    await delivered;
    expect((await revokeWith(b, SECRET)).status).toBe(401);
    expect((await revokeWith(b, rotated)).status).toBe(200);
    await a.store.clients.update('web-app', { secretHash: hashClientSecret(SECRET) }, clock());
  });

  test('`keys rotate --now` on one instance: the other signs with the new key at once', async () => {
    const before = await b.deps.keys.current();
    clock.advance(1000); // past the current key's first millisecond (keys/key-schedule.ts rotationStart); b's cache lives 30 s
    const delivered = heard(b.store.changes, (c) => c.kind === 'keys');
    const rotated = await a.deps.keys.rotate({ immediate: true });
    await delivered;
    expect(rotated.kid).not.toBe(before.kid);
    expect((await b.deps.keys.current()).kid).toBe(rotated.kid);
    const jwksB = ((await request(b.app).get('/jwks')).body as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    expect(jwksB).toContain(rotated.kid);
  });
});
