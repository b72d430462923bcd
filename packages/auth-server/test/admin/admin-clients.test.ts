import { startAdminFixture, type AdminFixture } from './admin-fixture.js';

type Json = Record<string, unknown>;

/** A client_credentials token request with HTTP Basic credentials (RFC 6749 §2.3.1, §4.4). */
const tokenStatusAt = async (issuer: string, clientId: string, secret: string) =>
  (
    await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=admin%3Aread',
    })
  ).status;

describe('admin API: clients', () => {
  let f: AdminFixture;
  let token: string;
  beforeAll(async () => {
    f = await startAdminFixture();
    token = await f.serviceToken();
  });
  afterAll(() => f.close());
  const call = (method: string, path: string, body?: unknown) => f.call<Json>(method, path, { token, body });
  const job = (extra: Json = {}) => ({ clientId: 'reports-job', name: 'Reports job', grantTypes: ['client_credentials'], scopes: ['admin:read'], ...extra });

  const tokenStatus = (clientId: string, secret: string) => tokenStatusAt(f.issuer, clientId, secret);

  it('creates a client whose secret appears once: GET never shows it, it works at /token, and after rotation only the new one does', async () => {
    const created = await call('post', '/clients', job());
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const secret = created.body.clientSecret as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({ clientId: 'reports-job', type: 'confidential', grantTypes: ['client_credentials'], requireMfa: false, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string });

    const shown = await call('get', '/clients/reports-job');
    expect(shown.status).toBe(200);
    expect(shown.body).not.toHaveProperty('clientSecret');
    const list = await call('get', '/clients?limit=1000');
    expect(JSON.stringify([shown.body, list.body])).not.toMatch(new RegExp(`${secret}|sha256:`));
    expect(await tokenStatus('reports-job', secret)).toBe(200);

    const rotated = await call('post', '/clients/reports-job/rotate-secret');
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.clientSecret as string;
    expect(fresh).not.toBe(secret);
    expect(await tokenStatus('reports-job', fresh)).toBe(200);
    expect(await tokenStatus('reports-job', secret)).toBe(401);
    expect(JSON.stringify((await call('get', '/clients/reports-job')).body)).not.toContain(fresh);
  });

  it.each<[string, Json, string, RegExp]>([
    ['a plain-http redirect URI', { grantTypes: ['authorization_code'], scopes: ['openid'], redirectUris: ['http://app.example.com/cb'] }, 'redirectUris', /must use https/],
    ['a back-channel URI into the cloud metadata service', { backchannelLogoutUri: 'https://169.254.169.254/logout' }, 'backchannelLogoutUri', /must not point to/],
    ['an unknown scope', { scopes: ['reports:read'] }, 'scopes', /Unknown scope reports:read/],
    ['an unknown grant type', { grantTypes: ['password'] }, 'grantTypes', /Unknown grant type password/],
    ['a field the API does not know', { secret: 'mine' }, 'body', /secret/],
    ['an RFC 7591 snake_case name (the admin API is camelCase)', { redirect_uris: ['https://app.example.com/cb'] }, 'body', /redirect_uris/],
  ])('refuses %s: 400 invalid_input naming the field', async (_what, extra, field, message) => {
    const res = await call('post', '/clients', job({ clientId: 'bad-one', ...extra }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_input', field });
    expect(res.body.error_description).toMatch(message);
    expect((await call('get', '/clients/bad-one')).status).toBe(404);
  });

  it('refuses a taken client id (409) and answers 404 for an unknown one', async () => {
    await call('post', '/clients', job({ clientId: 'twice' }));
    expect((await call('post', '/clients', job({ clientId: 'twice' }))).body).toMatchObject({ error: 'conflict', field: 'clientId' });
    for (const [method, path] of [['get', '/clients/nope'], ['patch', '/clients/nope'], ['delete', '/clients/nope'], ['post', '/clients/nope/rotate-secret']] as const) {
      const res = await call(method, path, method === 'patch' ? { name: 'x' } : undefined);
      expect([path, res.status, res.body.error]).toEqual([path, 404, 'not_found']);
    }
  });

  it('updates a client under the same rules and switches MFA and verified e-mail', async () => {
    await call('post', '/clients', { clientId: 'web-app', name: 'Web', redirectUris: ['https://web.example/cb'] });
    const res = await call('patch', '/clients/web-app', { name: 'Web app', redirectUris: ['https://web.example/callback'], requireMfa: true, requireVerifiedEmail: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Web app', redirectUris: ['https://web.example/callback'], requireMfa: true, requireVerifiedEmail: true });
    expect((await call('patch', '/clients/web-app', { redirectUris: ['https://web.example/cb#frag'] })).body).toMatchObject({ error: 'invalid_input', field: 'redirectUris' });
    expect((await call('patch', '/clients/web-app', {})).status).toBe(400);
  });

  it('pages the list by clientId: cursor and limit in, items and nextCursor out', async () => {
    for (const id of ['page-a', 'page-b', 'page-c']) await call('post', '/clients', job({ clientId: id }));
    const first = await call('get', '/clients?cursor=page-&limit=2');
    expect(first.body).toEqual({ items: [expect.objectContaining({ clientId: 'page-a' }), expect.objectContaining({ clientId: 'page-b' })], nextCursor: 'page-b' });
    expect(((await call('get', `/clients?cursor=${String(first.body.nextCursor)}&limit=1`)).body.items as Json[])[0]?.clientId).toBe('page-c');
    expect((await call('get', '/clients?after=page-b')).body).toMatchObject({ error: 'invalid_input' });
    expect((await call('get', '/clients?limit=0')).body).toMatchObject({ error: 'invalid_input', field: 'limit' });
  });

  it('deletes a client: its token requests fail at once; the console client cannot be changed or deleted', async () => {
    const { body } = await call('post', '/clients', job({ clientId: 'short-lived' }));
    const res = await call('delete', '/clients/short-lived');
    expect(res).toMatchObject({ status: 200, body: { clientId: 'short-lived', revokedGrants: 0 } });
    expect(await tokenStatus('short-lived', body.clientSecret as string)).toBe(401);
    expect((await call('get', '/clients/short-lived')).status).toBe(404);
    for (const [method, path] of [['patch', '/clients/admin-console'], ['delete', '/clients/admin-console'], ['post', '/clients/admin-console/rotate-secret']] as const) {
      expect((await call(method, path, method === 'patch' ? { name: 'Mine' } : undefined)).body).toMatchObject({ error: 'conflict' });
    }
  });

  it('refuses a change with an admin:read token (403 insufficient_scope)', async () => {
    const res = await f.call<Json>('post', '/clients', { token: await f.serviceToken(['admin:read']), body: job({ clientId: 'read-only' }) });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('insufficient_scope');
    expect((await call('get', '/clients/read-only')).status).toBe(404);
  });
});

/**
 * Rotating a secret without an outage: the old secret keeps working for a grace period the operator
 * chooses, then stops. The default is still to stop it at once (a leaked secret).
 */
describe('admin API: a client secret rotated with a grace period', () => {
  let f: AdminFixture;
  beforeAll(async () => {
    f = await startAdminFixture();
  });
  afterAll(() => f.close());
  const HOUR = 3600_000;
  // The clock moves here, so a token is asked for right before each call.
  const call = async (method: string, path: string, body?: unknown) => f.call<Json>(method, path, { token: await f.serviceToken(), body });
  const tokenStatus = (clientId: string, secret: string) => tokenStatusAt(f.issuer, clientId, secret);
  const create = async (clientId: string) =>
    (await call('post', '/clients', { clientId, name: clientId, grantTypes: ['client_credentials'], scopes: ['admin:read'] })).body.clientSecret as string;

  it('keeps the old secret working beside the new one until the grace ends, then only the new one works', async () => {
    const old = await create('nightly-sync');
    const rotatedAt = f.ctx.clock();
    const rotated = await call('post', '/clients/nightly-sync/rotate-secret', { graceSeconds: 3600 });
    expect(rotated.status).toBe(200);
    const until = new Date(rotatedAt + HOUR).toISOString();
    expect(rotated.body).toMatchObject({ clientId: 'nightly-sync', previousSecretValidUntil: until });
    const fresh = rotated.body.clientSecret as string;
    expect((await call('get', '/clients/nightly-sync')).body).toMatchObject({ previousSecretValidUntil: until });

    expect(await tokenStatus('nightly-sync', old)).toBe(200);
    expect(await tokenStatus('nightly-sync', fresh)).toBe(200);
    f.ctx.clock.advance(HOUR - 1);
    expect(await tokenStatus('nightly-sync', old)).toBe(200);
    f.ctx.clock.advance(1);
    expect(await tokenStatus('nightly-sync', old)).toBe(401);
    expect(await tokenStatus('nightly-sync', fresh)).toBe(200);
    // Once the grace is over the client no longer shows a previous secret, though the row still holds its hash.
    expect((await call('get', '/clients/nightly-sync')).body).toMatchObject({ previousSecretValidUntil: null });
  });

  it('a second rotation ends the first one’s grace: only the secret it replaced is kept, and without a grace none is', async () => {
    const first = await create('two-rotations');
    const second = (await call('post', '/clients/two-rotations/rotate-secret', { graceSeconds: 600 })).body.clientSecret as string;
    const third = (await call('post', '/clients/two-rotations/rotate-secret', { graceSeconds: 600 })).body.clientSecret as string;
    expect(await tokenStatus('two-rotations', first)).toBe(401);
    expect(await tokenStatus('two-rotations', second)).toBe(200);
    expect(await tokenStatus('two-rotations', third)).toBe(200);
    const fourth = await call('post', '/clients/two-rotations/rotate-secret');
    expect(fourth.body).toMatchObject({ previousSecretValidUntil: null });
    expect(await tokenStatus('two-rotations', third)).toBe(401);
    expect(await tokenStatus('two-rotations', fourth.body.clientSecret as string)).toBe(200);
    expect((await call('get', '/clients/two-rotations')).body).toMatchObject({ previousSecretValidUntil: null });
  });

  let refused = 0;
  it.each<[string, unknown]>([
    ['a negative grace', { graceSeconds: -1 }],
    ['more than seven days', { graceSeconds: 7 * 24 * 3600 + 1 }],
    ['a fraction of a second', { graceSeconds: 1.5 }],
    ['a grace given as text', { graceSeconds: '3600' }],
  ])('refuses %s: 400 invalid_input naming graceSeconds, and the secret is not rotated', async (_what, body) => {
    const id = `bad-grace-${++refused}`;
    const secret = await create(id);
    const res = await call('post', `/clients/${id}/rotate-secret`, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_input', field: 'graceSeconds' });
    expect(await tokenStatus(id, secret)).toBe(200);
  });
});
