import { startAdminFixture, type AdminFixture } from './admin-fixture.js';

type Body = Record<string, unknown> & { error?: string; field?: string };
const MISSING = '/users/00000000-0000-4000-8000-000000000000';

describe('admin API: users', () => {
  let f: AdminFixture;
  let write: string;
  let read: string;
  beforeAll(async () => {
    f = await startAdminFixture();
    write = await f.adminToken();
    read = await f.serviceToken(['admin:read']);
  });
  afterAll(() => f.close());
  const call = <T = Body>(method: string, path: string, body?: unknown, token = write) => f.call<T>(method, path, { token, body });
  const bob = () => `/users/${f.user.id}`;

  it('searches with a cursor, by prefix, role and status; refuses bad input', async () => {
    const all = await call<{ items: Body[]; nextCursor: string | null }>('get', '/users?limit=1', undefined, read);
    expect(all.status).toBe(200);
    expect(all.body.items.map((u) => u.username)).toEqual(['ada']);
    expect(all.body.items[0]).toMatchObject({ roles: ['admin'], status: 'active', createdAt: expect.stringMatching(/Z$/) as unknown });
    expect(all.body.items[0]).not.toHaveProperty('passwordHash');
    const next = await call<{ items: Body[] }>('get', `/users?limit=1&cursor=${all.body.nextCursor!}`, undefined, read);
    expect(next.body.items.map((u) => u.username)).toEqual(['bob']);
    expect((await call<{ items: Body[] }>('get', '/users?q=bob%40', undefined, read)).body.items.map((u) => u.username)).toEqual(['bob']);
    expect((await call<{ items: Body[] }>('get', '/users?role=admin', undefined, read)).body.items.map((u) => u.username)).toEqual(['ada']);
    expect((await call<{ items: Body[] }>('get', '/users?status=disabled', undefined, read)).body.items).toEqual([]);
    for (const bad of ['limit=500', 'status=gone', 'role=Bad%20Role', 'cursor=xyz']) {
      const res = await call('get', `/users?${bad}`, undefined, read);
      expect([res.status, res.body.error]).toEqual([400, 'invalid_input']);
    }
  });

  it('creates a user with or without a password; refuses bad and duplicate input', async () => {
    const made = await call<{ user: Body; resetMailQueued: boolean }>('post', '/users', { username: 'cleo', email: 'cleo@example.com', roles: ['staff'] });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ user: { username: 'cleo', roles: ['staff'] }, resetMailQueued: true });
    expect((await call('post', '/users', { username: 'dora', password: 'correct horse battery' })).status).toBe(201);
    expect(await call('post', '/users', { username: 'cleo', password: 'correct horse battery' })).toMatchObject({ status: 409, body: { error: 'conflict' } });
    expect(await call('post', '/users', { username: 'x!', password: 'correct horse battery' })).toMatchObject({ status: 400, body: { error: 'invalid_input', field: 'username' } });
    expect(await call('post', '/users', { username: 'eve', password: 'correct horse battery', admin: true })).toMatchObject({ status: 400, body: { error: 'invalid_input' } });
    const audit = await f.ctx.store.audit.list({ type: 'account_created' });
    expect(audit.some((e) => e.detail?.admin === 'ada' && e.detail.by === 'api')).toBe(true);
  });

  it('reads and patches one user; unknown is 404, bad input 400', async () => {
    const got = await call<Body>('get', bob(), undefined, read);
    expect(got.body).toMatchObject({ username: 'bob', mfaRequired: false, factors: { totp: false, passkeys: [], recoveryCodesLeft: 0 } });
    expect((await call('get', '/users/bob', undefined, read)).body).toMatchObject({ id: f.user.id });
    const patched = await call('patch', bob(), { name: 'Robert', requireMfa: true });
    expect(patched).toMatchObject({ status: 200, body: { name: 'Robert' } });
    expect(await f.ctx.store.mfaRequirements.has('account', f.user.id)).toBe(true);
    expect(await call('patch', bob(), { email: 'nope' })).toMatchObject({ status: 400, body: { field: 'email' } });
    expect(await call('patch', bob(), { requireMfa: 'yes' })).toMatchObject({ status: 400, body: { error: 'invalid_input' } });
    expect((await call('get', MISSING, undefined, read)).status).toBe(404);
    expect((await call('patch', MISSING, { name: 'x' })).status).toBe(404);
  });

  it('disable, enable, unlock, reset mail, reset factors; 404 for an unknown user', async () => {
    const disabled = await call('post', `${bob()}/disable`);
    expect(disabled).toMatchObject({ status: 200, body: { status: 'disabled', sessionsEnded: 0, disabledAt: expect.stringMatching(/Z$/) as unknown } });
    expect((await call('post', `${bob()}/enable`)).body).toMatchObject({ status: 'active', disabledAt: null });
    await f.ctx.store.accounts.update(f.user.id, { failedLogins: 9, lockedUntil: f.ctx.clock() + 60_000 }, f.ctx.clock());
    expect((await call('post', `${bob()}/unlock`)).body).toMatchObject({ status: 'active', failedLogins: 0 });
    expect((await call('post', `${bob()}/reset-password-mail`)).status).toBe(200);
    expect((await f.ctx.store.outbox.list()).some((i) => i.kind === 'reset_password' && i.payload.email === 'bob@example.com')).toBe(true);
    expect((await call('post', `${bob()}/reset-factors`)).status).toBe(200);
    for (const a of ['disable', 'enable', 'unlock', 'reset-password-mail', 'reset-factors']) expect((await call('post', `${MISSING}/${a}`)).status).toBe(404);
    // The admin cannot disable themselves.
    expect(await call('post', `/users/${f.admin.id}/disable`)).toMatchObject({ status: 409, body: { error: 'conflict' } });
  });

  it('grants and revokes roles; a bad name is 400, a missing role 409, an unknown user 404', async () => {
    expect((await call('put', `${bob()}/roles/auditor`)).body).toMatchObject({ roles: ['auditor'] });
    expect((await call('delete', `${bob()}/roles/auditor`)).status).toBe(204);
    expect(await call('delete', `${bob()}/roles/auditor`)).toMatchObject({ status: 409 });
    expect(await call('put', `${bob()}/roles/Not%20A%20Role`)).toMatchObject({ status: 400, body: { error: 'invalid_input' } });
    expect((await call('put', `${MISSING}/roles/auditor`)).status).toBe(404);
    expect(await call('delete', `/users/${f.admin.id}/roles/admin`)).toMatchObject({ status: 409 });
  });

  it('lists and ends sessions by sid; another user\'s sid is 404', async () => {
    const now = f.ctx.clock();
    const make = (sid: string, accountId: string) => f.ctx.store.sessions.create({ idHash: `h-${sid}`, sid, accountId, authTime: now, createdAt: now, lastSeenAt: now, expiresAt: now + 3_600_000, userAgent: 'Firefox', ip: '198.51.100.7' });
    await make('bob-1', f.user.id);
    await make('bob-2', f.user.id);
    await make('other', f.admin.id);
    const list = await call<{ items: Body[] }>('get', `${bob()}/sessions`, undefined, read);
    expect(list.body.items.map((s) => s.sid).sort()).toEqual(['bob-1', 'bob-2']);
    expect(JSON.stringify(list.body)).not.toContain('h-bob');
    expect((await call('delete', `${bob()}/sessions/other`)).status).toBe(404);
    expect((await call('delete', `${bob()}/sessions/bob-1`)).status).toBe(204);
    expect((await call('delete', `${bob()}/sessions/bob-1`)).status).toBe(404);
    expect((await call('delete', `${bob()}/sessions`)).body).toEqual({ sessionsEnded: 1 });
    expect((await call('get', `${MISSING}/sessions`, undefined, read)).status).toBe(404);
    expect((await call('delete', `${MISSING}/sessions`)).status).toBe(404);
  });

  it('lists and revokes connected apps; an app the user never used is 404', async () => {
    const now = f.ctx.clock();
    await f.ctx.store.grants.create({ id: 'bob-g', clientId: 'admin-service', accountId: f.user.id, sid: null, scope: 'openid', authTime: now, createdAt: now, expiresAt: now + 3_600_000 });
    const apps = await call<{ items: Body[] }>('get', `${bob()}/apps`, undefined, read);
    expect(apps.body.items).toEqual([expect.objectContaining({ clientId: 'admin-service', grants: 1 })]);
    expect((await call('delete', `${bob()}/apps/admin-service`)).status).toBe(204);
    expect((await f.ctx.store.grants.find('bob-g'))?.revokedAt).not.toBeNull();
    expect((await call('delete', `${bob()}/apps/admin-service`)).status).toBe(404);
    expect((await call('get', `${MISSING}/apps`, undefined, read)).status).toBe(404);
  });

  it('an admin:read token cannot change anything (403 insufficient_scope)', async () => {
    const res = await call('post', `${bob()}/disable`, undefined, read);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('insufficient_scope');
    expect((await f.ctx.store.accounts.findById(f.user.id))?.disabledAt).toBeNull();
  });
});
