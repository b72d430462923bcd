import * as client from 'openid-client';
import request from 'supertest';
import { Browser, postForm } from '../helpers/browser.js';
import { codeFlow, startOidcFixture, USER, type OidcFixture } from '../oidc/oidc.fixture.js';

let f: OidcFixture;
beforeAll(async () => {
  f = await startOidcFixture({ LOCKOUT_THRESHOLD: '2' });
});
afterAll(() => f.close());

const metric = (text: string, name: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').pop()) : 0;
};

test('/metrics and the audit log record logins, failures, lockouts, tokens and refresh reuse', async () => {
  // A successful sign-in and code exchange, then a refresh token replayed.
  const { tokens } = await codeFlow(f, new Browser(f.issuer));
  await client.refreshTokenGrant(f.web, tokens.refresh_token!);
  await expect(client.refreshTokenGrant(f.web, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });

  // Two wrong passwords lock the account (threshold 2).
  const browser = new Browser(f.issuer);
  const page = await browser.get('/login');
  const form = postForm(await page.text(), 'password');
  for (let i = 0; i < 2; i++) await browser.post('/login', { ...form.fields, username: USER.username, password: 'wrong-password-123' });

  const text = (await request(f.ctx.app).get('/metrics')).text;
  expect(metric(text, 'auth_logins_total{result="success"}')).toBe(1);
  expect(metric(text, 'auth_logins_total{result="failure"}')).toBeGreaterThanOrEqual(1);
  expect(metric(text, 'auth_lockouts_total')).toBe(1);
  expect(metric(text, 'auth_tokens_issued_total{grant_type="authorization_code"}')).toBe(1);
  expect(metric(text, 'auth_tokens_issued_total{grant_type="refresh_token"}')).toBe(1);
  expect(metric(text, 'auth_refresh_token_reuse_total')).toBe(1);
  expect(text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/token",status="200"\} 2/);

  const types = (await f.ctx.store.audit.list({ limit: 100 })).map((e) => e.type);
  expect(types).toEqual(expect.arrayContaining(['login', 'login_failed', 'lockout', 'refresh_token_reuse']));
  // No secret ever reaches the audit log.
  const audit = JSON.stringify(await f.ctx.store.audit.list({ limit: 100 }));
  expect(audit).not.toContain(USER.password);
  expect(audit).not.toContain(tokens.refresh_token!);
});

test('with METRICS_TOKEN set, /metrics needs it', async () => {
  const { createTestContext } = await import('../helpers/test-context.js');
  const t = await createTestContext({ METRICS_TOKEN: 'metrics-token-0123456789' });
  try {
    expect((await request(t.app).get('/metrics')).status).toBe(401);
    expect((await request(t.app).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789')).status).toBe(401);
    const ok = await request(t.app).get('/metrics').set('Authorization', 'Bearer metrics-token-0123456789');
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('auth_logins_total');
  } finally {
    await t.close();
  }
});
