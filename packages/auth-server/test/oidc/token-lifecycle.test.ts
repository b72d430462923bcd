import * as client from 'openid-client';
import request from 'supertest';
import { logoutSession } from '../../src/sessions/logout.js';
import { hashToken } from '../../src/tokens/opaque.js';
import { Browser } from '../helpers/browser.js';
import { createTempDatabase, describeWithPostgres } from '../helpers/services.js';
import { authorizationRequest, codeFlow, SECRET, signInThrough, startOidcFixture, type OidcFixture } from './oidc.fixture.js';

let f: OidcFixture;
beforeAll(async () => {
  f = await startOidcFixture();
});
afterAll(() => f.close());

const basic = (id: string) => `Basic ${Buffer.from(`${id}:${SECRET}`).toString('base64')}`;
const CALLBACK = 'https://rp.example/callback';

/** A fresh code for web-app, and the PKCE verifier it was bound to. */
async function freshCode(browser = new Browser(f.issuer)) {
  const req = await authorizationRequest(f.web);
  const callback = await signInThrough(browser, f.issuer, req.url);
  return { code: callback.searchParams.get('code')!, verifier: req.verifier };
}

/** Over the listening socket, so two calls really run at the same time. */
async function redeem(code: string, verifier: string, over: { clientId?: string; redirectUri?: string } = {}) {
  const res = await fetch(`${f.issuer}/token`, {
    method: 'POST',
    headers: { authorization: basic(over.clientId ?? 'web-app'), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: over.redirectUri ?? CALLBACK, code_verifier: verifier }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('authorization code: checked before it is consumed (RFC 6749 §4.1.3, RFC 7636 §4.6)', () => {
  test('a wrong verifier, redirect_uri or client does not burn the code', async () => {
    const { code, verifier } = await freshCode();
    const wrong = [
      await redeem(code, client.randomPKCECodeVerifier()),
      await redeem(code, verifier, { redirectUri: 'https://rp.example/other' }),
      await redeem(code, verifier, { clientId: 'other-app' }),
      await redeem(code, 'short'),
    ];
    expect(wrong.map((r) => r.body.error)).toEqual(['invalid_grant', 'invalid_grant', 'invalid_grant', 'invalid_grant']);
    const right = await redeem(code, verifier);
    expect(right.status).toBe(200);
    expect(right.body.access_token).toBeTruthy();
  });

  test('a code redeemed after its browser session ended is invalid_grant (the session was signed out)', async () => {
    const { code, verifier } = await freshCode();
    const stored = await f.ctx.store.codes.find(hashToken(code));
    await logoutSession(f.ctx.deps, stored!.sid, 'test');
    const res = await redeem(code, verifier);
    expect(res.status).toBe(400);
    expect(res.body).toHaveProperty('error', 'invalid_grant');
    expect(res.body.access_token).toBeUndefined();
  });
});

describe('refresh token: scope checked before rotation (RFC 6749 §6)', () => {
  test('invalid_scope leaves the refresh token usable and the grant alive', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer));
    await expect(client.refreshTokenGrant(f.web, tokens.refresh_token!, { scope: 'openid notes:write' })).rejects.toMatchObject({ error: 'invalid_scope' });
    const again = await client.refreshTokenGrant(f.web, tokens.refresh_token!);
    expect(again.access_token).toBeTruthy();
    expect(again.refresh_token).not.toBe(tokens.refresh_token);
  });
});

function replayRace(name: string) {
  test(`${name}: the grant of the winning redemption is always revoked`, async () => {
    const browser = new Browser(f.issuer);
    const codes = [];
    for (let i = 0; i < 8; i++) codes.push(await freshCode(browser));
    const survived: string[] = [];
    await Promise.all(
      codes.map(async ({ code, verifier }) => {
        const [a, b] = await Promise.all([redeem(code, verifier), redeem(code, verifier)]);
        const winner = [a, b].find((r) => r.status === 200);
        expect([a, b].map((r) => r.status).sort()).toEqual([200, 400]);
        const info = await request(f.ctx.app).get('/userinfo').set('Authorization', `Bearer ${winner!.body.access_token}`);
        if (info.status !== 401) survived.push(`${code} access`);
        const refresh = await request(f.ctx.app).post('/token').set('Authorization', basic('web-app')).type('form').send({ grant_type: 'refresh_token', refresh_token: winner!.body.refresh_token });
        if (refresh.status === 200) survived.push(`${code} refresh`);
      }),
    );
    console.info(`[figure] code replay race on ${name}: ${survived.length} of ${codes.length * 2} tokens survived a replay`);
    expect(survived).toEqual([]);
  });
}

describe('code replay racing the first redemption (RFC 9700 §4.2.4)', () => {
  replayRace('SQLite');
});

describeWithPostgres('code replay racing the first redemption, PostgreSQL', () => {
  let sqlite: OidcFixture;
  let db: Awaited<ReturnType<typeof createTempDatabase>>;
  beforeAll(async () => {
    sqlite = f;
    db = await createTempDatabase();
    f = await startOidcFixture({ DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await f.close();
    await db.drop();
    f = sqlite;
  });
  replayRace('PostgreSQL');
});
