import { adminConsoleSecret } from '../../src/admin/register-admin.js';
import { registerNotesApi } from '../../src/cli/seed.js';
import { SERVICE, startAdminFixture, type AdminFixture } from './admin-fixture.js';

type ErrorBody = { error: string; error_description: string; field?: string };

/** Every refusal of the admin API's Bearer check (RFC 6750 §3), provoked through real tokens. */
describe('admin API: who may call it', () => {
  let f: AdminFixture;
  beforeAll(async () => {
    f = await startAdminFixture();
    await registerNotesApi(f.ctx.store, f.ctx.config, f.ctx.clock());
  });
  afterAll(() => f.close());

  const getKeys = (token?: string, headers?: Record<string, string>) => f.call<ErrorBody>('get', '/keys', { ...(token && { token }), ...(headers && { headers }) });

  it('an admin with admin:read reads; a service client allowed the scopes reads too', async () => {
    expect((await getKeys(await f.adminToken())).status).toBe(200);
    expect((await getKeys(await f.serviceToken(['admin:read']))).status).toBe(200);
  });

  it('no token: 401 with a bare Bearer challenge', async () => {
    const res = await getKeys();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="admin"');
    expect(res.body.error).toBe('invalid_token');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('a token that is no JWT of ours: 401 invalid_token, in the challenge too', async () => {
    const res = await getKeys('not.a.token');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="admin", error="invalid_token"/);
    expect(res.body.error).toBe('invalid_token');
  });

  it('a malformed Authorization header or a token in the URL: 400 invalid_request', async () => {
    const malformed = await getKeys(undefined, { authorization: 'Bearer a b' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('invalid_request');
    expect(malformed.headers.get('www-authenticate')).toMatch(/^Bearer realm="admin", error="invalid_request"/);
    const inUrl = await f.call<ErrorBody>('get', `/keys?access_token=${await f.adminToken()}`);
    expect(inUrl.status).toBe(400);
    expect(inUrl.body.error).toBe('invalid_request');
  });

  it('an expired token: 401', async () => {
    const token = await f.adminToken();
    f.ctx.clock.advance((f.ctx.config.ttl.accessToken + 10) * 1000);
    try {
      const res = await getKeys(token);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_token');
    } finally {
      f.ctx.clock.advance(-(f.ctx.config.ttl.accessToken + 10) * 1000);
    }
  });

  it('a token for another API, or for userinfo only: 401', async () => {
    await f.ctx.store.clients.update(SERVICE.clientId, { scopes: ['admin:read', 'admin:write', 'notes:read'] }, f.ctx.clock());
    const notes = await f.serviceToken(['notes:read']);
    await f.ctx.store.clients.update(SERVICE.clientId, { scopes: ['admin:read', 'admin:write'] }, f.ctx.clock());
    const res = await getKeys(notes);
    expect(res.status).toBe(401);
    expect(res.body.error_description).toMatch(/not for the admin API/);
    expect((await getKeys(await f.adminToken([]))).status).toBe(401);
  });

  it('a revoked token (RFC 7009): 401', async () => {
    const token = await f.adminToken();
    const revoked = await fetch(`${f.issuer}/revoke`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`admin-console:${adminConsoleSecret(f.ctx.config)}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
    });
    expect(revoked.status).toBe(200);
    expect((await getKeys(token)).status).toBe(401);
  });

  it('the wrong scope: 403 insufficient_scope naming the scope; admin:write does not imply admin:read', async () => {
    const read = await f.adminToken(['admin:read']);
    const rotate = await f.call<ErrorBody>('post', '/keys/rotate', { token: read, body: {} });
    expect(rotate.status).toBe(403);
    expect(rotate.body.error).toBe('insufficient_scope');
    expect(rotate.headers.get('www-authenticate')).toContain('scope="admin:write"');
    const list = await getKeys(await f.adminToken(['admin:write']));
    expect(list.status).toBe(403);
    expect(list.headers.get('www-authenticate')).toContain('scope="admin:read"');
  });

  it('a user without role admin gets a token from the flow, which the API refuses: 403 forbidden', async () => {
    const res = await getKeys(await f.userToken());
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('forbidden');
  });

  it('the role removed after the token was issued: 403 forbidden', async () => {
    const token = await f.adminToken();
    await f.ctx.store.accounts.update(f.admin.id, { roles: [] }, f.ctx.clock());
    try {
      expect((await getKeys(token)).body.error).toBe('forbidden');
    } finally {
      await f.ctx.store.accounts.update(f.admin.id, { roles: ['admin'] }, f.ctx.clock());
    }
    expect((await getKeys(token)).status).toBe(200);
  });

  it('an admin account disabled after the token was issued: refused', async () => {
    const token = await f.adminToken();
    await f.ctx.store.accounts.update(f.admin.id, { disabledAt: f.ctx.clock() }, f.ctx.clock());
    try {
      expect((await getKeys(token)).status).toBe(403);
    } finally {
      await f.ctx.store.accounts.update(f.admin.id, { disabledAt: null }, f.ctx.clock());
    }
  });

  it("an admin's token whose client no longer allows the scope: 403 insufficient_scope", async () => {
    const token = await f.adminToken();
    const consoleClient = (await f.ctx.store.clients.findById('admin-console'))!;
    await f.ctx.store.clients.update('admin-console', { scopes: consoleClient.scopes.filter((s) => s !== 'admin:read') }, f.ctx.clock());
    try {
      expect((await getKeys(token)).body.error).toBe('insufficient_scope');
    } finally {
      await f.ctx.store.clients.update('admin-console', { scopes: consoleClient.scopes }, f.ctx.clock());
    }
  });

  it('a service client that lost the scope (403) or was deleted (401)', async () => {
    const token = await f.serviceToken();
    await f.ctx.store.clients.update(SERVICE.clientId, { scopes: ['admin:write'] }, f.ctx.clock());
    expect((await getKeys(token)).body.error).toBe('insufficient_scope');
    await f.ctx.store.clients.delete(SERVICE.clientId);
    const res = await getKeys(token);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_token');
  });
});

describe('admin API: input and errors', () => {
  let f: AdminFixture;
  let token: string;
  beforeAll(async () => {
    f = await startAdminFixture();
    token = await f.adminToken();
  });
  afterAll(() => f.close());

  it('a body that is not JSON: 400 invalid_request as JSON, even for a browser', async () => {
    const res = await f.call<ErrorBody>('post', '/keys/rotate', { token, body: '{"immediate":', headers: { accept: 'text/html' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.body.error).toBe('invalid_request');
    expect(res.headers.get('www-authenticate')).toBeNull(); // a bad body is no Bearer problem
  });

  it('a body that is not JSON by its content type: 415, nothing rotated', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await f.call<ErrorBody>('post', '/keys/rotate', { token, body: 'immediate=true', headers: { 'content-type': type } });
      expect(res.status).toBe(415);
      expect(res.body.error).toBe('unsupported_media_type');
    }
    expect((await f.ctx.store.keys.list()).length).toBe(1);
  });

  it('invalid input: 400 invalid_input naming the field', async () => {
    const wrongType = await f.call<ErrorBody>('post', '/keys/rotate', { token, body: { immediate: 'yes' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatchObject({ error: 'invalid_input', field: 'immediate' });
    expect(wrongType.body.error_description).toMatch(/^immediate: /);
    const unknown = await f.call<ErrorBody>('post', '/keys/rotate', { token, body: { immediately: true } });
    expect(unknown.body.error).toBe('invalid_input');
    expect((await f.call('post', '/keys/rotate', { token, body: [1] })).status).toBe(400);
    expect((await f.ctx.store.keys.list()).length).toBe(1);
  });

  it('an unknown operation: 404 not_found as JSON', async () => {
    for (const [method, path] of [['get', '/nothing'], ['delete', '/keys'], ['get', '/keys/rotate/%zz']]) {
      const res = await f.call<ErrorBody>(method!, path!, { token });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(typeof res.body.error).toBe('string');
    }
    expect((await f.call<ErrorBody>('get', '/nothing', { token })).body.error).toBe('not_found');
  });
});
