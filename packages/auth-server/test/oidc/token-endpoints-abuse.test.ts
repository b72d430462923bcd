import * as client from 'openid-client';
import { generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { hashClientSecret } from '../../src/clients/client-secret.js';
import { buildAccessToken } from '../../src/tokens/access-token.js';
import { Browser } from '../helpers/browser.js';
import { createTestContext } from '../helpers/test-context.js';
import { clientDefaults, codeFlow, discover, SECRET, startOidcFixture, type OidcFixture } from './oidc.fixture.js';

let f: OidcFixture;
beforeAll(async () => {
  f = await startOidcFixture();
});
afterAll(() => f.close());

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('introspection answers only the token’s parties (RFC 7662 §4)', () => {
  test('another confidential client learns nothing; the client and the audience do', async () => {
    const { tokens } = await codeFlow(f, new Browser(f.issuer));
    const other = await discover(f.issuer, 'other-app', SECRET);
    expect(await client.tokenIntrospection(other, tokens.access_token)).toEqual({ active: false });
    expect(await client.tokenIntrospection(other, tokens.refresh_token!, { token_type_hint: 'refresh_token' })).toEqual({ active: false });
    expect((await client.tokenIntrospection(f.web, tokens.access_token)).active).toBe(true);
    expect((await client.tokenIntrospection(f.web, tokens.refresh_token!)).active).toBe(true);

    // The resource server the access token is meant for: the registered API named in its aud,
    // with its own introspection credentials (client_id = its identifier).
    const audience = f.ctx.config.resourceAudience;
    await f.ctx.store.apis.update(audience, { secretHash: hashClientSecret(SECRET) }, f.ctx.clock());
    const api = await discover(f.issuer, audience, SECRET);
    expect(await client.tokenIntrospection(api, tokens.access_token)).toMatchObject({ active: true, client_id: 'web-app', aud: audience });
    expect(await client.tokenIntrospection(api, tokens.refresh_token!)).toEqual({ active: false });
  });
});

describe('revocation records only what this server signed (RFC 7009)', () => {
  const revoke = (token: string) => client.tokenRevocation(f.web, token);

  test('an unsigned JWT or one signed by another key under our kid is not stored', async () => {
    const kid = (await f.ctx.deps.keys.current()).kid;
    const claims = { iss: f.issuer, client_id: 'web-app', sub: f.account.id, aud: f.ctx.config.resourceAudience, iat: 1, exp: 9_999_999_999 };
    const unsigned = `${b64({ alg: 'none', typ: 'at+jwt', kid })}.${b64({ ...claims, jti: 'forged-none' })}.`;
    const { privateKey } = await generateKeyPair('RS256');
    const foreign = await new SignJWT({ ...claims, jti: 'forged-key' }).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid }).sign(privateKey);
    await revoke(unsigned);
    await revoke(foreign);
    expect(await f.ctx.store.revokedTokens.isRevoked('forged-none')).toBe(false);
    expect(await f.ctx.store.revokedTokens.isRevoked('forged-key')).toBe(false);
  });

  test('an entry lives no longer than the longest access-token lifetime, and the token stays refused', async () => {
    // Signed by us but claiming ten years (say, from before ACCESS_TOKEN_TTL was lowered).
    const nowSec = Math.floor(f.ctx.clock() / 1000);
    const long = await buildAccessToken(f.ctx.deps.keys, {
      issuer: f.issuer,
      audience: f.ctx.config.resourceAudience,
      clientId: 'web-app',
      subject: f.account.id,
      scope: 'openid',
      roles: [],
      nowSec,
      ttlSec: 10 * 365 * 86_400,
    });
    await revoke(long.token);
    expect(await f.ctx.store.revokedTokens.isRevoked(long.jti)).toBe(true);
    f.ctx.clock.advance((f.ctx.config.ttl.accessToken + 6) * 1000);
    await f.ctx.store.purgeExpired(f.ctx.clock());
    expect(await f.ctx.store.revokedTokens.isRevoked(long.jti)).toBe(false);
    expect((await client.tokenIntrospection(f.web, long.token)).active).toBe(false);
  });
});

describe('rate limits on /revoke and /introspect', () => {
  test('each is limited per IP (RATE_LIMIT_TOKEN_PER_MINUTE)', async () => {
    const t = await createTestContext({ RATE_LIMIT_TOKEN_PER_MINUTE: '2' });
    try {
      await t.store.clients.create(clientDefaults({ clientId: 'rp', secretHash: hashClientSecret(SECRET) }), t.clock());
      const basic = `Basic ${Buffer.from(`rp:${SECRET}`).toString('base64')}`;
      for (const path of ['/revoke', '/introspect']) {
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await request(t.app).post(path).set('Authorization', basic).type('form').send({ token: `t${i}` })).status);
        expect(statuses).toEqual([200, 200, 429]);
      }
    } finally {
      await t.close();
    }
  });
});
