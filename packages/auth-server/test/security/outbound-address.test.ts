import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { createAccount } from '../../src/accounts/create-account.js';
import { InvalidInput } from '../../src/admin/admin-error.js';
import { runClients } from '../../src/cli/clients-cli.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { logoutSession } from '../../src/sessions/logout.js';
import { cliFixture } from '../cli/cli-fixture.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { clientDefaults } from '../oidc/oidc.fixture.js';

/** Production settings (https issuer, own secrets) plus whatever a test adds. */
const PRODUCTION = { NODE_ENV: 'production', ISSUER: 'https://sso.example.com', COOKIE_SECRET: 'c'.repeat(40), KEY_ENCRYPTION_SECRET: 'k'.repeat(40), METRICS_TOKEN: 'm'.repeat(32) };

describe('ALLOW_PRIVATE_NETWORKS', () => {
  test('takes comma-separated CIDRs and names a bad entry', () => {
    expect(loadConfig({ ALLOW_PRIVATE_NETWORKS: '10.0.0.0/8, fd00::/8' }).allowPrivateNetworks).toEqual(['10.0.0.0/8', 'fd00::/8']);
    expect(loadConfig({}).allowPrivateNetworks).toEqual([]);
    expect(() => loadConfig({ ALLOW_PRIVATE_NETWORKS: '10.0.0.0/8,intranet' })).toThrow(ConfigError);
    expect(() => loadConfig({ ALLOW_PRIVATE_NETWORKS: 'intranet' })).toThrow(/ALLOW_PRIVATE_NETWORKS/);
  });
});

describe('client registration in production refuses internal addresses', () => {
  let f: Awaited<ReturnType<typeof cliFixture>>;
  afterEach(() => f.close());
  const create = (id: string, ...extra: string[]) => runClients(f.ctx, ['create', '--id', id, '--name', id, ...extra]);

  test.each([
    ['--backchannel-logout-uri', 'https://169.254.169.254/latest/meta-data/'],
    ['--backchannel-logout-uri', 'https://10.0.0.5/bcl'],
    ['--backchannel-logout-uri', 'https://[fe80::1]/bcl'],
    ['--backchannel-logout-uri', 'http://localhost:8080/bcl'],
    ['--redirect-uri', 'https://192.168.1.20/cb'],
    ['--redirect-uri', 'https://127.0.0.1/cb'],
    ['--redirect-uri', 'http://app-a.localhost:4002/cb'],
    ['--post-logout-redirect-uri', 'https://172.16.0.9/'],
  ])('%s %s', async (option, uri) => {
    f = await cliFixture(PRODUCTION);
    const base = option === '--redirect-uri' ? [] : ['--redirect-uri', 'https://app.example.com/cb'];
    await expect(create('app-x', ...base, option, uri)).rejects.toThrow(InvalidInput);
    await expect(create('app-x', ...base, option, uri)).rejects.toThrow(/must not point to/);
    expect(await f.ctx.store.clients.findById('app-x')).toBeUndefined();
  });

  test('update is checked too; an allow-listed private network is accepted; metadata never', async () => {
    f = await cliFixture({ ...PRODUCTION, ALLOW_PRIVATE_NETWORKS: '10.0.0.0/8,169.254.0.0/16' });
    await create('app-x', '--redirect-uri', 'https://app.example.com/cb', '--backchannel-logout-uri', 'https://10.0.0.5/bcl');
    expect((await f.ctx.store.clients.findById('app-x'))!.backchannelLogoutUri).toBe('https://10.0.0.5/bcl');
    await expect(runClients(f.ctx, ['update', 'app-x', '--backchannel-logout-uri', 'https://192.168.0.3/bcl'])).rejects.toThrow(/must not point to/);
    await expect(runClients(f.ctx, ['update', 'app-x', '--backchannel-logout-uri', 'https://169.254.169.254/'])).rejects.toThrow(/metadata/);
  });

  test('development keeps *.localhost and loopback', async () => {
    f = await cliFixture();
    await create('app-x', '--redirect-uri', 'http://app-a.localhost:4002/cb', '--backchannel-logout-uri', 'http://127.0.0.1:4002/bcl');
    expect(await f.ctx.store.clients.findById('app-x')).toBeDefined();
  });
});

describe('back-channel logout delivery checks the resolved address', () => {
  let receiver: Server;
  let port: number;
  const hits: string[] = [];
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      hits.push(req.url!);
      req.resume();
      res.writeHead(200).end();
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  });
  beforeEach(() => void (hits.length = 0));

  /** A session that reached one client whose back-channel URI was stored before these rules (or by hand). */
  async function logoutWith(t: TestContext, backchannelLogoutUri: string) {
    const now = t.clock();
    await t.store.clients.create(clientDefaults({ clientId: 'legacy', redirectUris: ['https://legacy.example/cb'], backchannelLogoutUri }), now);
    const account = await createAccount(t.store, now, { username: 'bob', password: 'a-long-enough-secret-9' });
    await t.store.sessions.create({ idHash: 'h', sid: 'sid-1', accountId: account.id, authTime: now, createdAt: now, lastSeenAt: now, expiresAt: now + 3600_000, userAgent: null, ip: null });
    await t.store.sessions.addClient('sid-1', 'legacy', now);
    return logoutSession(t.deps, 'sid-1', 'test');
  }

  test.each([
    ['a loopback address', () => `http://127.0.0.1:${port}/literal`],
    ['localhost (RFC 6761 §6.3)', () => `http://localhost:${port}/by-name`],
    // The machine's own name resolves (DNS, /etc/hosts) to a loopback or private address of this host.
    ['a name resolving to this machine', () => `http://${hostname()}:${port}/resolved`],
  ])('production does not send to %s', async (_what, uri) => {
    const t = await createTestContext(PRODUCTION);
    try {
      const result = await logoutWith(t, uri());
      expect(result.notified).toEqual([{ clientId: 'legacy', ok: false }]);
      expect(hits).toEqual([]);
      expect((await t.store.sessions.findBySid('sid-1'))!.endedAt).not.toBeNull(); // the logout itself still happens
    } finally {
      await t.close();
    }
  });

  test('production sends to an allow-listed private network', async () => {
    const t = await createTestContext({ ...PRODUCTION, ALLOW_PRIVATE_NETWORKS: '127.0.0.0/8' });
    try {
      const result = await logoutWith(t, `http://localhost:${port}/allowed`);
      expect(result.notified).toEqual([{ clientId: 'legacy', ok: true }]);
      expect(hits).toEqual(['/allowed']);
    } finally {
      await t.close();
    }
  });

  test('development sends to loopback as before', async () => {
    const t = await createTestContext();
    try {
      expect((await logoutWith(t, `http://127.0.0.1:${port}/dev`)).notified).toEqual([{ clientId: 'legacy', ok: true }]);
      expect(hits).toEqual(['/dev']);
    } finally {
      await t.close();
    }
  });
});
