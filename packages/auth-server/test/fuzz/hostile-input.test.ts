import { runFuzz, type FuzzTarget } from '@sso/shared/testing';
import request from 'supertest';
import { Browser } from '../helpers/browser.js';
import { codeFlow, startOidcFixture, type OidcFixture } from '../oidc/oidc.fixture.js';

const AUTHORIZE = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method', 'prompt', 'max_age', 'login_hint', 'request'];
const TOKEN = ['grant_type', 'code', 'redirect_uri', 'code_verifier', 'refresh_token', 'client_id', 'client_secret', 'scope'];

/** Every endpoint of the auth server, with the parameters it reads. */
const TARGETS: FuzzTarget[] = [
  { method: 'GET', path: '/authorize', params: AUTHORIZE },
  { method: 'POST', path: '/authorize', params: AUTHORIZE },
  { method: 'GET', path: '/authorize/resume/x', params: ['denied'] },
  { method: 'POST', path: '/token', params: TOKEN },
  { method: 'GET', path: '/userinfo', params: ['access_token'] },
  { method: 'POST', path: '/userinfo', params: ['access_token'] },
  { method: 'POST', path: '/revoke', params: ['token', 'token_type_hint', 'client_id', 'client_secret'] },
  { method: 'POST', path: '/introspect', params: ['token', 'token_type_hint', 'client_id', 'client_secret'] },
  { method: 'GET', path: '/end-session', params: ['id_token_hint', 'post_logout_redirect_uri', 'state', 'client_id'] },
  { method: 'POST', path: '/end-session', params: ['id_token_hint', 'post_logout_redirect_uri', 'state', 'client_id', 'confirm', '_csrf'] },
  { method: 'GET', path: '/consent', params: ['interaction'] },
  { method: 'POST', path: '/consent', params: ['interaction', 'decision', '_csrf'] },
  { method: 'GET', path: '/login', params: ['interaction'] },
  { method: 'POST', path: '/login', params: ['username', 'password', 'interaction', '_csrf'] },
  { method: 'GET', path: '/signup', params: ['interaction'] },
  { method: 'POST', path: '/signup', params: ['username', 'password', 'confirm_password', 'email', 'interaction', '_csrf'] },
  { method: 'GET', path: '/logout' },
  { method: 'POST', path: '/logout', params: ['_csrf'] },
  { method: 'GET', path: '/account' },
  { method: 'POST', path: '/account/sessions/end', params: ['sid', '_csrf'] },
  { method: 'POST', path: '/account/apps/disconnect', params: ['client_id', '_csrf'] },
  { method: 'GET', path: '/account/sign-out-everywhere' },
  { method: 'POST', path: '/account/sign-out-everywhere', params: ['_csrf'] },
  { method: 'GET', path: '/signed-out', params: ['everywhere'] },
  { method: 'GET', path: '/account/password' },
  { method: 'POST', path: '/account/password', params: ['current_password', 'new_password', 'confirm_password', '_csrf'] },
  { method: 'GET', path: '/forgot-password' },
  { method: 'POST', path: '/forgot-password', params: ['email', '_csrf'] },
  { method: 'GET', path: '/reset-password', params: ['token'] },
  { method: 'POST', path: '/reset-password', params: ['token', 'new_password', 'confirm_password', '_csrf'] },
  { method: 'GET', path: '/verify-email', params: ['token'] },
  { method: 'POST', path: '/verify-email', params: ['token', '_csrf'] },
  { method: 'POST', path: '/account/verify-email', params: ['_csrf'] },
  { method: 'GET', path: '/account/email' },
  { method: 'POST', path: '/account/email', params: ['email', 'current_password', '_csrf'] },
  { method: 'GET', path: '/account/email/confirm', params: ['token'] },
  { method: 'POST', path: '/account/email/confirm', params: ['token', '_csrf'] },
  { method: 'GET', path: '/.well-known/openid-configuration' },
  { method: 'GET', path: '/jwks' },
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/readyz' },
  { method: 'GET', path: '/metrics' },
  { method: 'GET', path: '/static/styles.css' },
  { method: 'GET', path: '/no-such-page' },
];

let f: OidcFixture;
beforeAll(async () => {
  f = await startOidcFixture({ RATE_LIMIT_LOGIN_PER_MINUTE: '100000', RATE_LIMIT_CLIENT_AUTH_FAILURES_PER_MINUTE: '100000' });
});
afterAll(() => f.close());

test('thousands of malformed requests: no 5xx, no hang, and the login flow still works afterwards', async () => {
  const result = await runFuzz(f.issuer, TARGETS, { count: 3000, seed: 20261125, concurrency: 8 });
  expect(result.sent).toBe(3000);
  expect(result.failures).toEqual([]);
  // The mix really exercised refusals, not just one kind of answer.
  expect(Object.keys(result.statuses).length).toBeGreaterThan(4);

  expect((await request(f.ctx.app).get('/healthz')).status).toBe(200);
  const { tokens } = await codeFlow(f, new Browser(f.issuer));
  expect(tokens.claims()?.sub).toBe(f.account.id);
  // 3,000 requests plus a sign-in: a bound for a loaded 2-core CI machine; hangs are caught per request.
}, 120_000);
