import { startAdminFixture, type AdminFixture } from './admin-fixture.js';

type Json = Record<string, unknown>;
const REPORTS = 'https://reports.example.com/api';
/** `:id` of /apis/:id is the identifier percent-encoded as one path segment. */
const at = (identifier: string, rest = '') => `/apis/${encodeURIComponent(identifier)}${rest}`;

describe('admin API: APIs', () => {
  let f: AdminFixture;
  let token: string;
  beforeAll(async () => {
    f = await startAdminFixture();
    token = await f.serviceToken();
  });
  afterAll(() => f.close());
  const call = (method: string, path: string, body?: unknown) => f.call<Json>(method, path, { token, body });
  const reports = (extra: Json = {}) =>
    call('post', '/apis', { identifier: REPORTS, name: 'Reports', scopes: [{ name: 'reports:read', description: 'Read your reports' }], ...extra });

  /** RFC 7662 §2.1: the API authenticates at /introspect with its identifier and secret. */
  const introspectStatus = async (secret: string) =>
    (
      await fetch(`${f.issuer}/introspect`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(REPORTS)}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'token=not-a-token',
      })
    ).status;

  it('registers an API with an introspection secret shown once; GET shows neither it nor its hash; rotation replaces it at once', async () => {
    const created = await reports({ accessTokenTtl: 600, includeRoles: true, introspectionSecret: true });
    expect(created.status).toBe(201);
    const secret = created.body.introspectionSecret as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({ identifier: REPORTS, accessTokenTtl: 600, includeRoles: true, hasIntrospectionSecret: true, builtIn: false });

    const shown = await call('get', at(REPORTS));
    expect(shown.status).toBe(200);
    expect(shown.body).not.toHaveProperty('introspectionSecret');
    const list = await call('get', '/apis');
    expect((list.body.items as Json[]).map((a) => [a.identifier, a.builtIn])).toEqual(expect.arrayContaining([[REPORTS, false], [f.api, true]]));
    expect(JSON.stringify([shown.body, list.body])).not.toMatch(new RegExp(`${secret}|sha256:`));
    expect(await introspectStatus(secret)).toBe(200);

    const rotated = await call('post', at(REPORTS, '/rotate-secret'));
    expect(rotated.body.clientId).toBe(REPORTS);
    expect(await introspectStatus(rotated.body.clientSecret as string)).toBe(200);
    expect(await introspectStatus(secret)).toBe(401);
  });

  it.each<[string, Json, string]>([
    ['a plain-http identifier', { identifier: 'http://reports.example.com' }, 'identifier'],
    ['an identifier with a fragment', { identifier: 'https://r.example.com/#x' }, 'identifier'],
    ['an OpenID Connect scope', { identifier: 'https://r2.example.com', scopes: [{ name: 'openid', description: 'Mine' }] }, 'scopes'],
    ['a token lifetime under a minute', { identifier: 'https://r3.example.com', accessTokenTtl: 5 }, 'accessTokenTtl'],
    ['an RFC-style snake_case name (the admin API is camelCase)', { identifier: 'https://r4.example.com', access_token_ttl: 600 }, 'body'],
  ])('refuses %s: 400 invalid_input', async (_what, extra, field) => {
    const res = await reports(extra);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_input', field });
  });

  it('adds, describes and removes scopes; a scope name belongs to one API only', async () => {
    const other = 'https://other.example.com';
    await call('post', '/apis', { identifier: other, name: 'Other', scopes: [{ name: 'other:read', description: 'Read' }] });
    const added = await call('put', at(other, '/scopes/other:write'), { description: 'Write' });
    expect(added.status).toBe(200);
    expect(added.body.scopes).toEqual([{ name: 'other:read', description: 'Read' }, { name: 'other:write', description: 'Write' }]);
    expect((await call('put', at(other, '/scopes/other:read'), { description: 'Read it all' })).body.scopes).toContainEqual({ name: 'other:read', description: 'Read it all' });
    expect((await call('put', at(other, '/scopes/admin:read'), { description: 'Mine' })).body).toMatchObject({ error: 'conflict', field: 'scopes' });
    expect((await call('delete', at(other, '/scopes/other:write'))).body.scopes).toEqual([{ name: 'other:read', description: 'Read it all' }]);
    expect((await call('delete', at(other, '/scopes/nope'))).status).toBe(404);
    expect((await call('delete', at(other, '/scopes/other:read'))).body).toMatchObject({ error: 'conflict' });
  });

  it('refuses a second API with a taken identifier (409) and answers 404 for an unknown one', async () => {
    const twice = { identifier: 'https://twice.example.com', name: 'Twice', scopes: [{ name: 'twice:read', description: 'Read' }] };
    expect((await call('post', '/apis', twice)).status).toBe(201);
    expect((await call('post', '/apis', twice)).body).toMatchObject({ error: 'conflict', field: 'identifier' });
    expect((await call('get', at('https://nope.example.com'))).status).toBe(404);
    expect((await call('patch', at('https://nope.example.com'), { name: 'x' })).status).toBe(404);
  });

  it('will not delete an API or drop a scope while a client uses it, nor touch the built-in admin API', async () => {
    const used = 'https://used.example.com';
    await call('post', '/apis', { identifier: used, name: 'Used', scopes: [{ name: 'used:read', description: 'Read' }, { name: 'used:write', description: 'Write' }] });
    await call('post', '/clients', { clientId: 'used-job', name: 'Job', grantTypes: ['client_credentials'], scopes: ['used:write'] });
    expect((await call('delete', at(used))).body).toMatchObject({ error: 'conflict', error_description: expect.stringContaining('used-job') as string });
    expect((await call('patch', at(used), { scopes: [{ name: 'used:read', description: 'Read' }] })).body).toMatchObject({ error: 'conflict' });
    expect((await call('patch', at(used), { name: 'Used API', includeRoles: true })).body).toMatchObject({ name: 'Used API', includeRoles: true });
    await call('delete', '/clients/used-job');
    expect((await call('delete', at(used))).status).toBe(204);
    expect((await call('get', at(used))).status).toBe(404);

    for (const [method, path] of [['delete', at(f.api)], ['patch', at(f.api)], ['post', at(f.api, '/rotate-secret')], ['delete', at(f.api, '/scopes/admin:write')]] as const) {
      expect([path, (await call(method, path, method === 'patch' ? { name: 'x' } : undefined)).body.error]).toEqual([path, 'conflict']);
    }
  });

  it('refuses a change with an admin:read token (403 insufficient_scope)', async () => {
    const res = await f.call<Json>('post', '/apis', { token: await f.serviceToken(['admin:read']), body: { identifier: 'https://ro.example.com', name: 'RO', scopes: [{ name: 'ro:read', description: 'Read' }] } });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('insufficient_scope');
  });
});
