import { loopbackFetch } from '@sso/shared';
import { runFuzz, type FuzzTarget } from '@sso/shared/testing';
import { startStack, type Stack } from './stack.js';

/**
 * Every server of the system under a few thousand malformed requests: no 5xx, no crash, and then a
 * complete sign-in through App A (redirect, login form, code, token exchange) still works.
 */
const APP: FuzzTarget[] = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/login', params: ['returnTo'] },
  { method: 'GET', path: '/callback', params: ['code', 'state', 'iss', 'error', 'error_description'] },
  { method: 'POST', path: '/logout', params: ['_csrf'] },
  { method: 'POST', path: '/backchannel-logout', params: ['logout_token'] },
  { method: 'GET', path: '/notes' },
  { method: 'POST', path: '/notes', params: ['text', '_csrf'] },
  { method: 'POST', path: '/notes/1/delete', params: ['_csrf'] },
  { method: 'GET', path: '/api-calls' },
  { method: 'GET', path: '/how-it-works' },
  { method: 'POST', path: '/refresh', params: ['_csrf'] },
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/static/app.css' },
];
const AUTH: FuzzTarget[] = [
  { method: 'GET', path: '/authorize', params: ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'prompt'] },
  { method: 'POST', path: '/token', params: ['grant_type', 'code', 'redirect_uri', 'code_verifier', 'refresh_token', 'client_id', 'client_secret'] },
  { method: 'GET', path: '/userinfo' },
  { method: 'POST', path: '/introspect', params: ['token', 'client_id', 'client_secret'] },
  { method: 'POST', path: '/revoke', params: ['token', 'client_id'] },
  { method: 'GET', path: '/end-session', params: ['id_token_hint', 'post_logout_redirect_uri', 'state', 'client_id'] },
  { method: 'POST', path: '/login', params: ['username', 'password', 'interaction', '_csrf'] },
  { method: 'POST', path: '/signup', params: ['username', 'password', 'email', '_csrf'] },
  { method: 'GET', path: '/jwks' },
];
const API: FuzzTarget[] = [
  { method: 'GET', path: '/protected' },
  { method: 'GET', path: '/admin' },
  { method: 'GET', path: '/notes' },
  { method: 'POST', path: '/notes', params: ['text'] },
  { method: 'DELETE', path: '/notes/1' },
];

/** A cookie jar per origin over loopbackFetch: just enough browser to follow a sign-in. */
class MultiOriginBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  async get(url: string, init: RequestInit = {}): Promise<Response> {
    const origin = new URL(url).origin;
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const headers = new Headers(init.headers);
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await loopbackFetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return res;
  }

  /** Follows redirects across origins until a page is shown. */
  async navigate(url: string, init: RequestInit = {}): Promise<{ url: string; res: Response }> {
    let current = url;
    let res = await this.get(current, init);
    for (let i = 0; i < 15 && res.status >= 300 && res.status < 400; i++) {
      current = new URL(res.headers.get('location')!, current).toString();
      res = await this.get(current);
    }
    return { url: current, res };
  }
}

let stack: Stack;
beforeAll(async () => {
  // The fuzzer's login POSTs would otherwise spend the per-IP login budget of the real sign-in below.
  stack = await startStack({ RATE_LIMIT_LOGIN_PER_MINUTE: '100000' });
}, 60_000);
afterAll(() => stack?.stop());

test('no server answers malformed input with a 5xx, and signing in still works afterwards', async () => {
  const base = (url: string) => url.replace(/\/\/[^:/]+/, '//127.0.0.1');
  const runs = await Promise.all([
    runFuzz(base(stack.urls.appA), APP, { count: 1500, seed: 11 }),
    runFuzz(base(stack.urls.appB), APP, { count: 500, seed: 12 }),
    runFuzz(base(stack.urls.auth), AUTH, { count: 1000, seed: 13 }),
    runFuzz(base(stack.urls.api), API, { count: 500, seed: 14 }),
  ]);
  for (const run of runs) expect(run.failures).toEqual([]);
  expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(3500);

  const browser = new MultiOriginBrowser();
  const login = await browser.navigate(`${stack.urls.appA}/notes`);
  expect(new URL(login.url).origin).toBe(stack.urls.auth);
  const html = await login.res.text();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  const signedIn = await browser.navigate(`${stack.urls.auth}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: field('_csrf'), interaction: field('interaction'), username: 'demo', password: 'sunny-meadow-2026' }).toString(),
  });
  expect(new URL(signedIn.url).origin).toBe(stack.urls.appA);
  expect(signedIn.res.status).toBe(200);
  expect(await signedIn.res.text()).toContain('demo');
}, 120_000);
