import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminApiIdentifier, adminConsoleSecret, ensureAdminRegistration, isSelfRegistered } from '../../src/admin/register-admin.js';
import { verifyClientSecret } from '../../src/clients/client-secret.js';
import { manualClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { openStore, type Store } from '../../src/store/index.js';
import { describeWithPostgres, twoInstanceStores } from '../helpers/services.js';

const config = (issuer: string, cookieSecret = 'a-cookie-secret-of-at-least-32-characters'): Config =>
  loadConfig({ NODE_ENV: 'test', ISSUER: issuer, COOKIE_SECRET: cookieSecret });

async function expectRegistered(store: Store, c: Config): Promise<void> {
  const apis = (await store.apis.list()).filter((a) => a.scopes.some((s) => s.name.startsWith('admin:')));
  expect(apis).toHaveLength(1);
  expect(apis[0]).toMatchObject({ identifier: adminApiIdentifier(c.issuer), name: 'admin', includeRoles: true });
  expect(apis[0]!.scopes.map((s) => s.name)).toEqual(['admin:read', 'admin:write']);
  const client = (await store.clients.findById('admin-console'))!;
  expect(client).toMatchObject({
    redirectUris: [`${c.issuer}/admin/callback`],
    postLogoutRedirectUris: [`${c.issuer}/admin`],
    grantTypes: ['authorization_code'],
    scopes: ['openid', 'profile', 'admin:read', 'admin:write'],
    firstParty: true,
    pkceRequired: true,
  });
  expect(verifyClientSecret(client.secretHash, adminConsoleSecret(c))).toBe(true);
  expect(client.secretHash).not.toContain(adminConsoleSecret(c));
}

describe('admin self-registration (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'register-admin-'));
  let store: Store;
  const clock = manualClock();
  beforeEach(async () => (store = await openStore({ sqlitePath: join(dir, `${Math.random()}.db`) })));
  afterEach(() => store.close());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('registers the admin API and the console client, idempotently, also when started twice at once', async () => {
    const c = config('https://sso.example.com');
    await Promise.all([ensureAdminRegistration({ store, clock, config: c }), ensureAdminRegistration({ store, clock, config: c })]);
    await ensureAdminRegistration({ store, clock, config: c });
    await expectRegistered(store, c);
  });

  it('follows a changed ISSUER (API identifier, redirect URIs) and COOKIE_SECRET (client secret)', async () => {
    await ensureAdminRegistration({ store, clock, config: config('https://old.example.com') });
    const moved = config('https://new.example.com', 'another-cookie-secret-of-32-characters-x');
    await ensureAdminRegistration({ store, clock, config: moved });
    await expectRegistered(store, moved);
    expect(await store.apis.find(adminApiIdentifier('https://old.example.com'))).toBeUndefined();
    expect(verifyClientSecret((await store.clients.findById('admin-console'))!.secretHash, adminConsoleSecret(config('https://old.example.com')))).toBe(false);
  });

  it("refuses to start when an operator's API already owns admin:read", async () => {
    const now = clock();
    await store.apis.create(
      { identifier: 'https://other.example.com', name: 'Other', scopes: [{ name: 'admin:read', description: 'x' }], accessTokenTtl: null, includeRoles: false, secretHash: null },
      now,
    );
    await expect(ensureAdminRegistration({ store, clock, config: config('https://sso.example.com') })).rejects.toThrow(/admin:read belongs to the API https:\/\/other.example.com/);
    expect(await store.apis.find('https://other.example.com')).toBeDefined();
  });
});

describeWithPostgres('admin self-registration (PostgreSQL, two instances at once)', () => {
  const pg = twoInstanceStores();

  it('both succeed and leave one API and one client', async () => {
    const c = config('https://sso.example.com');
    const clock = manualClock();
    await Promise.all(pg.stores.map((store) => ensureAdminRegistration({ store, clock, config: c })));
    await expectRegistered(pg.stores[0]!, c);
  });
});

describe('isSelfRegistered', () => {
  it('names the console client and the admin API of this issuer only', () => {
    const c = config('https://sso.example.com');
    expect(isSelfRegistered(c, 'client', 'admin-console')).toBe(true);
    expect(isSelfRegistered(c, 'client', 'web-app')).toBe(false);
    expect(isSelfRegistered(c, 'api', 'https://sso.example.com/admin/api')).toBe(true);
    expect(isSelfRegistered(c, 'api', 'https://other.example.com/admin/api')).toBe(false);
  });
});
