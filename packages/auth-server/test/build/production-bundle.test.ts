import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtEntryExists, startBuiltServer, type BuiltServer } from '@sso/shared/testing';

const root = join(import.meta.dirname, '../..');
const entry = join(root, 'dist/server.js');
const built = builtEntryExists(entry, import.meta.filename);

/**
 * The build's output as production runs it (`node dist/server.js`): the bundle of
 * shared/bin/bundle-server.mjs, whose modules no longer sit where src/ has them. Every test
 * elsewhere runs src/, so this one walks the parts that depend on files beside the code: the
 * sign-in pages and their stylesheet, the console's views (loaded on first use) and stylesheet,
 * the passkey script from node_modules, the native argon2 and SQLite bindings.
 */
(built ? describe : describe.skip)('the production bundle', () => {
  let server: BuiltServer | undefined;
  let url = '';
  const dir = mkdtempSync(join(tmpdir(), 'bundle-'));

  beforeAll(async () => {
    server = await startBuiltServer(entry, { NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', SQLITE_PATH: join(dir, 'auth.db'), LOG_LEVEL: 'info' }, 'auth-server listening');
    url = server.url;
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is one bundle: dist/server.js imports none of the modules tsc wrote beside it', () => {
    const code = readFileSync(entry, 'utf8');
    expect(code).not.toMatch(/from ["']\.\/app\.js["']/);
    expect(code).toContain('bundleRequire(import.meta.url)');
  });

  it('answers readiness, discovery and the JWKS (SQLite through the native binding)', async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(((await (await fetch(`${url}/.well-known/openid-configuration`)).json()) as { issuer: string }).issuer).toBeTruthy();
    expect(((await (await fetch(`${url}/jwks`)).json()) as { keys: unknown[] }).keys).toHaveLength(1);
  });

  it('answers an unknown client at /token as RFC 6749 §5.2 says: 401 invalid_client with its challenge', async () => {
    const res = await fetch(`${url}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('nobody:wrong').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('renders the sign-in page, serves its stylesheet and the passkey script, and checks a password with argon2', async () => {
    const page = await fetch(`${url}/login`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/static/styles.css');
    const css = await fetch(`${url}/static/styles.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect((await fetch(`${url}/static/webauthn/simplewebauthn-browser.umd.min.js`)).status).toBe(200);

    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const login = await fetch(`${url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ _csrf: csrf, username: 'nobody', password: 'not-the-password' }).toString(),
    });
    expect(login.status).toBe(401);
    expect(await login.text()).toContain('/static/styles.css');
  });

  it('loads the console on first use: its error page, its stylesheet, and the admin API', async () => {
    const page = await fetch(`${url}/admin/callback`, { redirect: 'manual' });
    expect(page.status).toBeGreaterThanOrEqual(400);
    expect(page.status).toBeLessThan(500);
    expect(await page.text()).toContain('console.css');
    const css = await fetch(`${url}/admin/static/console.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    const api = await fetch(`${url}/admin/api/users`);
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
