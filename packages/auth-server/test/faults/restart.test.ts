import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as client from 'openid-client';
import { createLogger } from '../../src/logger.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { Browser, location, retryingFetch } from '../helpers/browser.js';
import { createTempDatabase, postgresUrl } from '../helpers/services.js';
import { authorizationRequest, signInThrough } from '../oidc/oidc.fixture.js';

const silent = createLogger('silent');
const APP_A = 'https://app-a.example';

/**
 * Stop the server and start it again on the same store: accounts, clients, keys, sessions and
 * refresh tokens are all still there. Runs on SQLite always and on PostgreSQL when available.
 */
const engines: [string, () => Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }>][] = [
  [
    'SQLite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'restart-'));
      return Promise.resolve({ env: { SQLITE_PATH: join(dir, 'auth.db') }, cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) });
    },
  ],
];
if (postgresUrl) {
  engines.push([
    'PostgreSQL',
    async () => {
      const db = await createTempDatabase();
      return { env: { DATABASE_URL: db.url }, cleanup: () => db.drop() };
    },
  ]);
}

describe.each(engines)('restart on %s', (_name, prepare) => {
  test('nothing is lost across a restart', async () => {
    const { env: storeEnv, cleanup } = await prepare();
    let port = 0;
    const start = () =>
      startServer({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: String(port), ISSUER: `http://127.0.0.1:${port}`, SEED_DEMO: 'true', DEMO_APP_A_URL: APP_A, ...storeEnv }, { logger: silent });
    // First start on a free port, then pin that port so the issuer stays the same.
    let server: RunningServer = await start();
    port = server.port;
    await server.close();
    server = await start();
    try {
      const issuer = `http://127.0.0.1:${port}`;
      const rp = await client.discovery(new URL(issuer), 'demo-app-a', 'dev-secret-app-a', undefined, { execute: [client.allowInsecureRequests] });
      rp[client.customFetch] = retryingFetch;
      const browser = new Browser(issuer);
      const req = await authorizationRequest(rp, {}, `${APP_A}/callback`);
      const callback = await signInThrough(browser, issuer, req.url, { username: 'demo', password: 'sunny-meadow-2026' });
      const tokens = await client.authorizationCodeGrant(rp, callback, { pkceCodeVerifier: req.verifier, expectedState: req.state, expectedNonce: req.nonce });
      const kids = (await (await retryingFetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] };

      await server.close();
      server = await start();

      // Keys: the same ones are published and ID tokens signed before the restart still verify.
      const after = (await (await retryingFetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] };
      expect(after.keys.map((k) => k.kid)).toEqual(kids.keys.map((k) => k.kid));
      // Session: the browser is still signed in (SSO completes without the login page).
      const again = await authorizationRequest(rp, { prompt: 'none' }, `${APP_A}/callback`);
      expect(new URL(location(await browser.get(again.url.toString()))).searchParams.get('code')).toBeTruthy();
      // Refresh token, client and account survive.
      const refreshed = await client.refreshTokenGrant(rp, tokens.refresh_token!);
      expect(refreshed.claims()?.sub).toBe(tokens.claims()?.sub);
      expect((await browser.get('/account')).status).toBe(200);
    } finally {
      await server.close();
      await cleanup();
    }
  });
});

describe('graceful shutdown', () => {
  test('an in-flight request finishes, then the port is closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shutdown-'));
    const server = await startServer({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', SQLITE_PATH: join(dir, 'auth.db') }, { logger: silent });
    try {
      const arrived = new Promise<void>((resolve) => server.server.once('request', () => resolve()));
      const inFlight = fetch(`${server.url}/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=x&password=y',
      });
      await arrived;
      const closed = server.close();
      const res = await inFlight;
      expect(res.status).toBe(403); // answered (CSRF refusal), not cut off
      await closed;
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
