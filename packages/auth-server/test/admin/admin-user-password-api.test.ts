import { verifyPassword } from '../../src/accounts/passwords.js';
import { startAdminFixture, USER, type AdminFixture } from './admin-fixture.js';

type Body = Record<string, unknown> & { error?: string; error_description?: string; field?: string };
const NEW = 'a brand new passphrase';

describe('admin API: PUT /users/:id/password', () => {
  let f: AdminFixture;
  let write: string;
  beforeAll(async () => {
    f = await startAdminFixture();
    write = await f.adminToken();
  });
  afterAll(() => f.close());
  const put = (ref: string, body: unknown, token = write) => f.call<Body>('put', `/users/${ref}/password`, { token, body });
  const hash = async () => (await f.ctx.store.accounts.findById(f.user.id))!.passwordHash;

  it('sets the password: sessions ended, grants revoked, the old password refused at sign-in, audited', async () => {
    await f.userToken([]); // bob signed in: a session and a grant
    const res = await put(f.user.id, { password: NEW });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ username: 'bob', sessionsEnded: 1, grantsRevoked: 1 });
    expect(JSON.stringify(res.body)).not.toContain(NEW);
    expect(await verifyPassword(await hash(), NEW)).toBe(true);
    await expect(f.userToken([])).rejects.toThrow(/sign-in/);
    const audit = await f.ctx.store.audit.list({ type: 'password_reset' });
    expect(audit[0]?.detail).toMatchObject({ by: 'api', admin: 'ada', sessionsEnded: 1, grantsRevoked: 1 });
    expect(JSON.stringify(audit)).not.toContain(NEW);
    // Set back by username: the lockout the failed sign-ins caused is cleared, and that password signs in.
    expect((await put('bob', { password: USER.password })).status).toBe(200);
    await expect(f.userToken([])).resolves.toEqual(expect.any(String));
  });

  it('a policy violation is 400 invalid_input on field password, without the password', async () => {
    const res = await put(f.user.id, { password: 'bob-is-me-123' });
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_input', field: 'password' } });
    expect(JSON.stringify(res.body)).not.toContain('bob-is-me-123');
    expect(await put(f.user.id, { password: 'x'.repeat(1025) })).toMatchObject({ status: 400, body: { field: 'password' } });
    expect(await put(f.user.id, {})).toMatchObject({ status: 400, body: { field: 'password' } });
    expect(await put(f.user.id, { password: NEW, extra: 1 })).toMatchObject({ status: 400, body: { error: 'invalid_input' } });
    expect(await verifyPassword(await hash(), USER.password)).toBe(true);
  });

  it('refuses an admin:read token (403), an unknown user (404) and an admin\'s own account (409)', async () => {
    const read = await f.serviceToken(['admin:read']);
    expect(await put(f.user.id, { password: NEW }, read)).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
    expect(await put('00000000-0000-4000-8000-000000000000', { password: NEW })).toMatchObject({ status: 404, body: { error: 'not_found' } });
    const own = await put(f.admin.id, { password: NEW });
    expect(own).toMatchObject({ status: 409, body: { error: 'conflict', field: 'password' } });
    expect(own.body.error_description).toContain('/account/password');
    expect(await verifyPassword(await hash(), USER.password)).toBe(true);
    expect(await f.ctx.store.audit.list({ type: 'password_reset' })).toHaveLength(2);
  });
});
