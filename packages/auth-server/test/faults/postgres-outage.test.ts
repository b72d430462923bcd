import request from 'supertest';
import { hashClientSecret } from '../../src/clients/client-secret.js';
import { createTempDatabase, describeWithPostgres } from '../helpers/services.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { clientDefaults } from '../oidc/oidc.fixture.js';
import { registerNotesApi } from '../../src/cli/seed.js';
import { StoreUnavailableError } from '../../src/store/types.js';

/** PostgreSQL going away: 503 and a readiness failure, never a 500 or a hang, then recovery. */
describeWithPostgres('PostgreSQL outage', () => {
  let db: Awaited<ReturnType<typeof createTempDatabase>>;
  let proxy: TcpProxy;
  let ctx: TestContext;
  const basic = (id: string) => `Basic ${Buffer.from(`${id}:svc-secret-123`).toString('base64')}`;
  const tokenRequest = (id = 'svc') => request(ctx.app).post('/token').set('Authorization', basic(id)).type('form').send({ grant_type: 'client_credentials' });

  beforeAll(async () => {
    db = await createTempDatabase();
    const real = new URL(db.url);
    proxy = new TcpProxy(real.hostname, Number(real.port || 5432));
    await proxy.up();
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    ctx = await createTestContext({ DATABASE_URL: viaProxy.toString() });
    await registerNotesApi(ctx.store, ctx.config, ctx.clock());
    for (const clientId of ['svc', 'svc-2']) {
      await ctx.store.clients.create(
        clientDefaults({ clientId, secretHash: hashClientSecret('svc-secret-123'), grantTypes: ['client_credentials'], scopes: ['notes:read'], redirectUris: [] }),
        ctx.clock(),
      );
    }
  });
  afterAll(async () => {
    await ctx?.close();
    await proxy?.down();
    await db?.drop();
  });

  test('while the database is down: /readyz 503, requests 503 with Retry-After; afterwards it recovers', async () => {
    expect((await request(ctx.app).get('/readyz')).status).toBe(200);
    expect((await tokenRequest()).status).toBe(200);

    await proxy.down();
    const started = Date.now();
    const ready = await request(ctx.app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toHaveProperty('status', 'unavailable');
    // The store names the outage itself; the error handler only maps that class to 503.
    await expect(ctx.store.accounts.findByUsername('nobody')).rejects.toBeInstanceOf(StoreUnavailableError);
    // A client not read in the last second (store/cached-clients.ts) must come from the store.
    const token = await tokenRequest('svc-2');
    expect(token.status).toBe(503);
    expect(token.body).toHaveProperty('error', 'temporarily_unavailable');
    expect(token.headers['retry-after']).toBeDefined();
    const page = await request(ctx.app).get('/login').set('Cookie', 'sso_session=some-old-session-cookie-value').set('Accept', 'text/html');
    expect(page.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(15_000); // no hang

    await proxy.up();
    // The pool reconnects by itself on the next request.
    let status = 0;
    for (let i = 0; i < 20 && status !== 200; i++) status = (await request(ctx.app).get('/readyz')).status;
    expect(status).toBe(200);
    expect((await tokenRequest()).status).toBe(200);
  });
});
