import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { runUsers } from '../../src/cli/users-cli.js';
import { verifyPassword } from '../../src/accounts/passwords.js';
import { cliFixture } from './cli-fixture.js';

describe('admin CLI: users', () => {
  let f: Awaited<ReturnType<typeof cliFixture>>;
  beforeEach(async () => (f = await cliFixture()));
  afterEach(() => f.close());
  const users = (...args: string[]) => runUsers(f.ctx, f.io, args);
  const account = (u: string) => f.ctx.store.accounts.findByUsername(u);

  async function createAlice(...extra: string[]) {
    f.typePassword('correct horse battery');
    await users('create', '--username', 'Alice', '--email', 'alice@example.com', ...extra);
    return (await account('alice'))!;
  }

  it('creates a user with a hashed password read from the prompt or stdin', async () => {
    const alice = await createAlice('--role', 'admin', '--password-stdin');
    expect(alice).toMatchObject({ username: 'alice', email: 'alice@example.com', roles: ['admin'] });
    expect(alice.passwordHash).not.toContain('correct horse');
    expect(await verifyPassword(alice.passwordHash, 'correct horse battery')).toBe(true);
    expect((await f.ctx.store.audit.list({ type: 'account_created' }))[0]?.accountId).toBe(alice.id);
  });

  it('lists users a store page at a time: all of them, or a slice with --after and --limit', async () => {
    const names = Array.from({ length: 503 }, (_, i) => `user-${String(i).padStart(4, '0')}`);
    for (const username of names) {
      await f.ctx.store.accounts.create({ id: username, username, email: null, name: null, passwordHash: 'h', roles: [] }, f.ctx.clock());
    }
    const listed = async (...args: string[]) => {
      f.clearOutput();
      await users('list', ...args);
      const [header, ...rows] = f.output().trim().split('\n');
      expect(header).toBe('USERNAME\tEMAIL\tROLES\tSTATUS\tFAILED LOGINS');
      return rows.map((line) => line.split('\t')[0]);
    };
    expect(await listed()).toEqual(names); // crosses a page boundary (500), one header
    expect(await listed('--limit', '2')).toEqual(names.slice(0, 2));
    expect(await listed('--after', 'user-0500')).toEqual(names.slice(501));
    await expect(users('list', '--limit', '0')).rejects.toThrow(/--limit/);
  });

  it('refuses a password given as an argument, before prompting', async () => {
    await expect(users('create', '--username', 'bob', '--password', 'correct horse battery')).rejects.toThrow(/not accepted as arguments/);
    await expect(users('create', '--username', 'bob', '--password=correct horse battery')).rejects.toThrow(/not accepted as arguments/);
    expect(await account('bob')).toBeUndefined();
  });

  it('applies the password policy and username rules', async () => {
    f.typePassword('password1');
    await expect(users('create', '--username', 'bob')).rejects.toThrow(/--password: Use at least 10/);
    f.typePassword('correct horse battery');
    await expect(users('create', '--username', 'b!')).rejects.toThrow(/--username/);
    await createAlice();
    f.typePassword('correct horse battery');
    await expect(users('create', '--username', 'alice')).rejects.toThrow(/already exists/);
  });

  it('resets a password and signs the user out everywhere', async () => {
    const alice = await createAlice();
    const now = f.ctx.clock();
    await f.ctx.store.sessions.create({ idHash: 'h1', sid: 's1', accountId: alice.id, authTime: now, createdAt: now, lastSeenAt: now, expiresAt: now + 3600_000, userAgent: null, ip: null });
    await f.ctx.store.grants.create({ id: 'g1', clientId: 'c', accountId: alice.id, sid: 's1', scope: 'openid', authTime: now, createdAt: now, expiresAt: now + 3600_000 });
    f.typePassword('a brand new passphrase');
    await users('reset-password', 'alice', '--password-stdin');
    const after = (await account('alice'))!;
    expect(await verifyPassword(after.passwordHash, 'a brand new passphrase')).toBe(true);
    expect(await verifyPassword(after.passwordHash, 'correct horse battery')).toBe(false);
    expect((await f.ctx.store.sessions.findBySid('s1'))?.endedAt).not.toBeNull();
    expect((await f.ctx.store.grants.find('g1'))?.revokedReason).toBe('password_reset');
    f.typePassword('alice-is-me-123');
    await expect(users('reset-password', 'alice')).rejects.toThrow(/must not contain the username/);
    f.typePassword('a brand new passphrase');
    await expect(users('reset-password', 'nobody')).rejects.toThrow(/No user nobody/);
  });

  it('a reset revokes offline grants that outlived their session, and tells their app by back-channel logout', async () => {
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(new URLSearchParams(body).get('logout_token') ?? '');
        res.writeHead(200).end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    try {
      const alice = await createAlice();
      const now = f.ctx.clock();
      const uri = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bcl`;
      await f.ctx.store.clients.create({ clientId: 'c', name: 'C', secretHash: null, redirectUris: [], postLogoutRedirectUris: [], backchannelLogoutUri: uri, grantTypes: ['authorization_code'], scopes: ['openid'], firstParty: true }, now);
      // Signed out long ago; its offline_access grant lives on.
      await f.ctx.store.sessions.create({ idHash: 'h9', sid: 's9', accountId: alice.id, authTime: now, createdAt: now, lastSeenAt: now, expiresAt: now + 3600_000, userAgent: null, ip: null });
      await f.ctx.store.sessions.end('s9', now);
      await f.ctx.store.grants.create({ id: 'g9', clientId: 'c', accountId: alice.id, sid: 's9', scope: 'openid offline_access', authTime: now, createdAt: now, expiresAt: now + 3600_000 });
      f.typePassword('a brand new passphrase');
      await users('reset-password', 'alice', '--password-stdin');
      expect((await f.ctx.store.grants.find('g9'))?.revokedReason).toBe('password_reset');
      expect(received.map((t) => decodeJwt(t))).toEqual([expect.objectContaining({ aud: 'c', sub: alice.id, sid: 's9' })]);
    } finally {
      receiver.closeAllConnections();
      await new Promise((r) => receiver.close(r));
    }
  });

  it('grants and revokes roles, audited', async () => {
    await createAlice();
    await users('grant-role', 'alice', 'admin');
    await users('grant-role', 'alice', 'admin');
    expect((await account('alice'))?.roles).toEqual(['admin']);
    await expect(users('grant-role', 'alice', 'Not A Role')).rejects.toThrow(/Role names/);
    await users('revoke-role', 'alice', 'admin');
    expect((await account('alice'))?.roles).toEqual([]);
    await expect(users('revoke-role', 'alice', 'admin')).rejects.toThrow(/does not have role/);
    expect((await f.ctx.store.audit.list({ type: 'role_granted' })).map((e) => e.detail?.role)).toEqual(['admin']);
    expect(await f.ctx.store.audit.list({ type: 'role_revoked' })).toHaveLength(1);
  });

  it('unlocks a locked account', async () => {
    const alice = await createAlice();
    await f.ctx.store.accounts.update(alice.id, { failedLogins: 6, lockedUntil: f.ctx.clock() + 600_000 }, f.ctx.clock());
    await users('list');
    expect(f.output()).toMatch(/^alice\t.*\tlocked until .*\t6$/m);
    await users('unlock', 'alice');
    expect(await account('alice')).toMatchObject({ failedLogins: 0, lockedUntil: null });
    expect(await f.ctx.store.audit.list({ type: 'account_unlocked' })).toHaveLength(1);
  });

  it('names missing and extra arguments', async () => {
    await expect(users('grant-role', 'alice')).rejects.toThrow(/Missing <ROLE>/);
    await expect(users('unlock', 'alice', 'bob')).rejects.toThrow(/Unexpected argument: bob/);
    await expect(users('frobnicate')).rejects.toThrow(/Unknown users command/);
  });

  it('disable and enable a user; show, sessions and end-sessions print what an operator needs', async () => {
    const alice = await createAlice('--role', 'admin');
    const now = f.ctx.clock();
    await f.ctx.store.sessions.create({ idHash: 'h1', sid: 's1', accountId: alice.id, authTime: now, createdAt: now, lastSeenAt: now, expiresAt: now + 3600_000, userAgent: 'Firefox', ip: '198.51.100.1' });
    f.clearOutput();
    await users('sessions', 'alice');
    expect(f.output()).toMatch(/^s1\t.*\t198\.51\.100\.1\t-\tFirefox$/m);
    expect(f.output()).not.toContain('h1');
    await users('end-sessions', 'alice');
    expect(f.output()).toContain('Ended 1 session(s) of alice');
    await users('disable', 'alice');
    expect((await account('alice'))?.disabledAt).toBe(now);
    f.clearOutput();
    await users('list', '--status', 'disabled');
    expect(f.output()).toMatch(/^alice\t.*\tdisabled\t0$/m);
    await users('show', 'alice');
    expect(f.output()).toMatch(/Status: +disabled since /);
    expect(f.output()).toMatch(/Roles: +admin/);
    expect(f.output()).not.toMatch(/\$argon2|hash/i);
    await users('enable', 'alice');
    expect((await account('alice'))?.disabledAt).toBeNull();
    await expect(users('list', '--status', 'gone')).rejects.toThrow(/--status/);
    await expect(users('show', 'nobody')).rejects.toThrow(/No user nobody/);
  });

  it('creates a user without a password: a set-password mail is queued, and an address is required', async () => {
    await users('create', '--username', 'carol', '--email', 'carol@example.com', '--no-password');
    expect(f.output()).toContain('A mail to choose a password is queued for carol@example.com');
    expect((await f.ctx.store.outbox.list()).map((i) => i.kind)).toEqual(['reset_password']);
    await expect(users('create', '--username', 'dave', '--no-password')).rejects.toThrow(/--email: Without a password/);
  });

  it('lists by search prefix and role', async () => {
    await createAlice('--role', 'admin');
    f.typePassword('correct horse battery');
    await users('create', '--username', 'alfred', '--email', 'fred@corp.example');
    f.clearOutput();
    await users('list', '--search', 'al', '--role', 'admin');
    expect(f.output().split('\n').slice(1).map((l) => l.split('\t')[0])).toEqual(['alice']);
    f.clearOutput();
    await users('list', '--search', 'fred@');
    expect(f.output().split('\n').slice(1).map((l) => l.split('\t')[0])).toEqual(['alfred']);
  });
});
