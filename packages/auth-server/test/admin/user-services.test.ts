import type { Actor } from '../../src/admin/actor.js';
import { listUserApps, revokeUserApp } from '../../src/admin/services/connected-apps.js';
import { endAllUserSessions, endUserSession, listUserSessions } from '../../src/admin/services/sessions.js';
import { disableUser, enableUser, sendResetMail, setPassword, unlockUser } from '../../src/admin/services/user-access.js';
import { resetFactors } from '../../src/admin/services/user-factors.js';
import { grantRole, revokeRole } from '../../src/admin/services/user-roles.js';
import { createUser, getUser, updateUser } from '../../src/admin/services/users.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { makeAccount, makeClient } from '../interaction/fixtures.js';

describe('admin user services: every rule, every refusal', () => {
  let t: TestContext;
  let aliceId: string;
  const admin = (accountId: string): { actor: Actor; ip: string } => ({ actor: { kind: 'admin', accountId, username: 'root', via: 'api' }, ip: '203.0.113.9' });
  const cli = { actor: { kind: 'cli' } as Actor };
  beforeEach(async () => {
    t = await createTestContext();
    aliceId = (await makeAccount(t.store, t.clock(), 'alice', ['admin'])).id;
  });
  afterEach(() => t.close());
  const svc = () => t.deps;
  const session = (sid: string, accountId = aliceId) =>
    t.store.sessions.create({ idHash: `h-${sid}`, sid, accountId, authTime: t.clock(), createdAt: t.clock(), lastSeenAt: t.clock(), expiresAt: t.clock() + 3_600_000, userAgent: 'Firefox', ip: '198.51.100.1' });

  test('create: with a password, or without one (a set-password mail is queued); rules and duplicates refused', async () => {
    const made = await createUser(svc(), admin('root-id'), { username: 'Bob', email: 'Bob@Example.com', roles: ['staff'], password: 'correct horse battery' });
    expect(made).toMatchObject({ user: { username: 'bob', email: 'bob@example.com', roles: ['staff'], status: 'active' }, resetMailQueued: false });
    expect((await t.store.audit.list({ type: 'account_created' }))[0]?.detail).toMatchObject({ by: 'api', adminId: 'root-id', roles: ['staff'] });
    const invited = await createUser(svc(), cli, { username: 'carol', email: 'carol@example.com' });
    expect(invited.resetMailQueued).toBe(true);
    expect((await t.store.outbox.list()).map((i) => [i.kind, i.payload])).toEqual([['reset_password', { email: 'carol@example.com' }]]);
    await expect(createUser(svc(), cli, { username: 'dave' })).rejects.toMatchObject({ status: 400, field: 'email' });
    await expect(createUser(svc(), cli, { username: 'b!', password: 'correct horse battery' })).rejects.toMatchObject({ code: 'invalid_input', field: 'username' });
    await expect(createUser(svc(), cli, { username: 'erin', password: 'short' })).rejects.toMatchObject({ code: 'invalid_input', field: 'password' });
    await expect(createUser(svc(), cli, { username: 'bob', password: 'correct horse battery' })).rejects.toMatchObject({ code: 'conflict', field: 'username' });
    await expect(createUser(svc(), cli, { username: 'bobby', email: 'bob@example.com', password: 'correct horse battery' })).rejects.toMatchObject({ code: 'conflict', field: 'email' });
  });

  test('detail and update: profile, unverified new address, MFA requirement; unknown users are not_found', async () => {
    await t.store.accounts.update(aliceId, { email: 'a@example.com', emailVerified: true }, t.clock());
    const updated = await updateUser(svc(), cli, aliceId, { name: '  Alice A ', email: 'Alice@New.example', requireMfa: true });
    expect(updated).toMatchObject({ name: 'Alice A', email: 'alice@new.example', emailVerified: false });
    const detail = await getUser(svc(), cli, 'alice');
    expect(detail).toMatchObject({ id: aliceId, mfaRequired: true, factors: { totp: false, passkeys: [], recoveryCodesLeft: 0 } });
    expect(detail).not.toHaveProperty('passwordHash');
    await makeAccount(t.store, t.clock(), 'bob');
    await t.store.accounts.update((await t.store.accounts.findByUsername('bob'))!.id, { email: 'bob@example.com' }, t.clock());
    await expect(updateUser(svc(), cli, aliceId, { email: 'bob@example.com' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(updateUser(svc(), cli, aliceId, { email: 'not an address' })).rejects.toMatchObject({ code: 'invalid_input', field: 'email' });
    await expect(getUser(svc(), cli, 'nobody')).rejects.toMatchObject({ status: 404, code: 'not_found' });
    await expect(getUser(svc(), cli, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
  });

  test('an admin cannot disable themselves or drop their own admin role; the CLI can', async () => {
    await expect(disableUser(svc(), admin(aliceId), aliceId)).rejects.toMatchObject({ code: 'conflict' });
    await expect(revokeRole(svc(), admin(aliceId), aliceId, 'admin')).rejects.toMatchObject({ code: 'conflict' });
    await grantRole(svc(), admin(aliceId), aliceId, 'staff');
    await expect(grantRole(svc(), cli, aliceId, 'Bad Role')).rejects.toMatchObject({ code: 'invalid_input' });
    await revokeRole(svc(), cli, 'alice', 'admin');
    expect((await t.store.accounts.findById(aliceId))?.roles).toEqual(['staff']);
    await expect(revokeRole(svc(), cli, 'alice', 'admin')).rejects.toMatchObject({ code: 'conflict' });
    expect((await disableUser(svc(), cli, 'alice')).status).toBe('disabled');
    expect((await disableUser(svc(), cli, 'alice')).sessionsEnded).toBe(0); // twice changes nothing
    expect((await enableUser(svc(), cli, 'alice')).status).toBe('active');
    expect((await t.store.audit.list({ type: 'account_disabled' }))).toHaveLength(1);
  });

  test('unlock, set password, reset mail (needs an address), reset factors', async () => {
    await t.store.accounts.update(aliceId, { failedLogins: 5, lockedUntil: t.clock() + 60_000 }, t.clock());
    expect((await getUser(svc(), cli, 'alice')).status).toBe('locked');
    expect(await unlockUser(svc(), cli, 'alice')).toMatchObject({ failedLogins: 5 });
    expect((await getUser(svc(), cli, 'alice')).status).toBe('active');
    await expect(setPassword(svc(), cli, 'alice', 'alice-alice-alice')).rejects.toMatchObject({ code: 'invalid_input', field: 'password' });
    await session('s1');
    expect(await setPassword(svc(), cli, 'alice', 'a brand new passphrase')).toMatchObject({ sessionsEnded: 1 });
    await expect(sendResetMail(svc(), cli, 'alice')).rejects.toMatchObject({ code: 'conflict', field: 'email' });
    await t.store.accounts.update(aliceId, { email: 'alice@example.com' }, t.clock());
    await sendResetMail(svc(), admin('root-id'), 'alice');
    expect((await t.store.outbox.list()).filter((i) => i.kind === 'reset_password')).toHaveLength(1);
    await t.store.totp.startEnrolment(aliceId, 'sealed', t.clock());
    expect(await resetFactors(svc(), cli, 'alice')).toMatchObject({ totp: true, passkeys: 0 });
  });

  test('sessions: listed by sid with the apps reached; one ended, another user\'s refused; all ended', async () => {
    const bob = await makeAccount(t.store, t.clock(), 'bob');
    await makeClient(t.store, t.clock());
    await session('s1');
    await session('s2');
    await session('sb', bob.id);
    await t.store.sessions.addClient('s1', 'app-a', t.clock());
    const list = await listUserSessions(svc(), cli, 'alice');
    expect(list.map((s) => [s.sid, s.apps, s.ip])).toEqual(expect.arrayContaining([['s1', ['app-a'], '198.51.100.1'], ['s2', [], '198.51.100.1']]));
    expect(list[0]).not.toHaveProperty('idHash');
    await expect(endUserSession(svc(), cli, 'alice', 'sb')).rejects.toMatchObject({ code: 'not_found' });
    await endUserSession(svc(), cli, 'alice', 's1');
    await expect(endUserSession(svc(), cli, 'alice', 's1')).rejects.toMatchObject({ code: 'not_found' });
    expect(await endAllUserSessions(svc(), cli, 'alice')).toMatchObject({ sessionsEnded: 1 });
    expect(await listUserSessions(svc(), cli, 'alice')).toEqual([]);
    expect((await t.store.sessions.findBySid('sb'))?.endedAt).toBeNull();
  });

  test('connected apps: the account page list; revoking drops grants and consent, a second time is not_found', async () => {
    await makeClient(t.store, t.clock(), 'app-b', 'App B');
    // Port 9 (discard): nothing answers, so the logout stays queued where the test can read it.
    await t.store.clients.update('app-b', { backchannelLogoutUri: 'http://127.0.0.1:9/bcl' }, t.clock());
    const now = t.clock();
    await t.store.grants.create({ id: 'g1', clientId: 'app-b', accountId: aliceId, sid: null, scope: 'openid offline_access', authTime: now, createdAt: now, expiresAt: now + 3_600_000 });
    await t.store.consents.upsert(aliceId, 'app-b', ['openid', 'offline_access'], now);
    expect(await listUserApps(svc(), cli, 'alice')).toEqual([expect.objectContaining({ clientId: 'app-b', name: 'App B', grants: 1, scopes: ['openid', 'offline_access'] })]);
    expect(await revokeUserApp(svc(), admin('root-id'), 'alice', 'app-b')).toEqual({ grantsRevoked: 1 });
    expect((await t.store.grants.find('g1'))?.revokedReason).toBe('admin_revoked_app');
    expect(await t.store.consents.find(aliceId, 'app-b')).toBeUndefined();
    // Back-Channel Logout 1.0 §2.4: `sub` without `sid`, every session of the user at that app.
    expect((await t.store.outbox.list()).filter((i) => i.kind === 'backchannel_logout').map((i) => i.payload)).toEqual([{ clientId: 'app-b', sub: aliceId }]);
    await expect(revokeUserApp(svc(), cli, 'alice', 'app-b')).rejects.toMatchObject({ code: 'not_found' });
    expect((await t.store.audit.list({ type: 'app_disconnected' }))[0]).toMatchObject({ clientId: 'app-b', detail: { by: 'api', adminId: 'root-id' } });
  });
});
