import { SignJWT, base64url, exportJWK, exportSPKI, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import request from 'supertest';
import { startTestIssuer } from '@sso/shared/testing';
import type { TestIssuer } from '@sso/shared/testing';
import { bearer, startTestApp } from './helpers/test-app.js';
import type { TestApp } from './helpers/test-app.js';

const REALM = 'Bearer realm="http://api.localhost:4001"';
const invalidToken = (description: string) => `${REALM}, error="invalid_token", error_description="${description}"`;

describe('GET /protected refuses every token it must not trust', () => {
  let t: TestApp;
  let attacker: TestIssuer;
  let attackerKey: CryptoKey;

  beforeAll(async () => {
    t = await startTestApp();
    attacker = await startTestIssuer({ issuer: t.issuer.issuer });
    attackerKey = (await generateKeyPair('RS256')).privateKey;
  });
  afterAll(async () => {
    await t.close();
    await attacker.stop();
  });

  const expectInvalid = async (token: string, description: string) => {
    const res = await request(t.app).get('/protected').set(bearer(token));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(invalidToken(description));
    expect(res.body).toEqual({ error: 'invalid_token', error_description: description, message: 'Token is invalid' });
  };

  const realPublicJwk = () => t.issuer.jwks().keys[0]!;

  it('accepts a good token (control)', async () => {
    const res = await request(t.app).get('/protected').set(bearer(await t.issuer.sign()));
    expect(res.status).toBe(200);
  });

  it('refuses alg "none" (RFC 8725 §3.1)', async () => {
    const segment = (value: object) => base64url.encode(JSON.stringify(value));
    const now = Math.floor(Date.parse('2030-01-01T00:00:00Z') / 1000);
    const claims = { iss: t.issuer.issuer, aud: t.issuer.audience, sub: 'mallory', client_id: 'app-a', iat: now, exp: now + 60, jti: 'x' };
    await expectInvalid(`${segment({ alg: 'none', typ: 'at+jwt', kid: t.issuer.kid })}.${segment(claims)}.`, 'the token must be signed with RS256');
  });

  it.each([
    ['the PEM public key', async () => new TextEncoder().encode(await exportSPKI(await importPublic(realPublicJwk())))],
    ['the JWK public key', () => Promise.resolve(new TextEncoder().encode(JSON.stringify(realPublicJwk())))],
  ])('refuses HS256 signed with %s as HMAC secret (algorithm confusion)', async (_name, secret) => {
    const token = await new SignJWT({ iss: t.issuer.issuer, aud: t.issuer.audience, sub: 'mallory', client_id: 'app-a', jti: 'x' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: t.issuer.kid })
      .setIssuedAt(new Date('2030-01-01T00:00:00Z'))
      .setExpirationTime(new Date('2030-01-01T00:05:00Z'))
      .sign(await secret());
    await expectInvalid(token, 'the token must be signed with RS256');
  });

  it("refuses a token signed with an attacker's RSA key under a real kid", async () => {
    await expectInvalid(await t.issuer.sign({ roles: ['admin'] }, { privateKey: attackerKey }), 'the token signature is invalid');
  });

  it.each([
    ['jku pointing at the attacker JWKS', () => ({ jku: attacker.jwksUri })],
    ['x5u pointing at the attacker', () => ({ x5u: attacker.jwksUri })],
  ])('ignores %s and never fetches it', async (_name, header) => {
    for (const kid of [t.issuer.kid, attacker.kid]) {
      const token = await attacker.sign({}, { header: { ...header(), kid } });
      const res = await request(t.app).get('/protected').set(bearer(token));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="[^"]+", error="invalid_token"/);
    }
    expect(attacker.jwksRequests).toBe(0);
  });

  it('ignores an embedded jwk header carrying the attacker key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const token = await t.issuer.sign({}, { privateKey, header: { jwk: await exportJWK(publicKey) } });
    await expectInvalid(token, 'the token signature is invalid');
  });

  it('refuses a tampered payload', async () => {
    const [header, payload, signature] = (await t.issuer.sign()).split('.') as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as Record<string, unknown>;
    const forged = base64url.encode(JSON.stringify({ ...claims, sub: 'someone-else', roles: ['admin'] }));
    await expectInvalid(`${header}.${forged}.${signature}`, 'the token signature is invalid');
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.parse('2030-01-01T00:00:00Z') / 1000);
    await expectInvalid(await t.issuer.sign({ iat: now - 600, exp: now - 60 }), 'the token has expired');
  });

  it('refuses a token not yet valid (nbf in the future)', async () => {
    const now = Math.floor(Date.parse('2030-01-01T00:00:00Z') / 1000);
    await expectInvalid(await t.issuer.sign({ nbf: now + 60 }), 'the token is not valid yet');
  });

  it('refuses a token issued in the future (iat)', async () => {
    const now = Math.floor(Date.parse('2030-01-01T00:00:00Z') / 1000);
    await expectInvalid(await t.issuer.sign({ iat: now + 60, exp: now + 600 }), "the token is not valid yet (iat is in the future)");
  });

  it('refuses a token from another issuer', async () => {
    await expectInvalid(await t.issuer.sign({ iss: 'http://evil.localhost:4000' }), 'the token was issued by an unexpected issuer');
  });

  it('refuses a token for another audience', async () => {
    await expectInvalid(await t.issuer.sign({ aud: 'http://other-api.localhost:4005' }), 'the token is meant for another audience');
  });

  it('refuses an ID token (typ JWT, aud = client id) used as an access token (RFC 9068 §4)', async () => {
    const idToken = await t.issuer.sign({ aud: 'app-a', nonce: 'n', scope: undefined }, { header: { typ: 'JWT' } });
    const res = await request(t.app).get('/protected').set(bearer(idToken));
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="[^"]+", error="invalid_token"/);
    // Even with the right audience, typ alone refuses it.
    await expectInvalid(await t.issuer.sign({}, { header: { typ: 'JWT' } }), 'the token is not an access token (typ must be at+jwt)');
  });

  it('refuses a token whose kid the issuer never published', async () => {
    await expectInvalid(await t.issuer.sign({}, { header: { kid: 'no-such-kid' } }), "no key published by the issuer matches the token kid");
  });

  it('refuses something that is not a JWT', async () => {
    await expectInvalid('not-a-jwt', 'the token is malformed');
  });
});

describe('missing or misplaced tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers a missing token with 401 and a bare challenge', async () => {
    const res = await request(t.app).get('/protected');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(REALM);
    expect(res.body).toHaveProperty('message', 'Token is missing');
  });

  it('refuses a token in the query string with 400 invalid_request', async () => {
    const token = await t.issuer.sign();
    const res = await request(t.app).get('/protected').query({ access_token: token });
    expect(res.status).toBe(400);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="[^"]+", error="invalid_request", error_description="[^"]+"$/);
    expect(res.body).toHaveProperty('error', 'invalid_request');
    expect(res.text).not.toContain(token);
  });

  it.each([
    ['Bearer alone', 'Bearer', 400, /error="invalid_request"/],
    ['Basic credentials', 'Basic YWxpY2U6c2VjcmV0', 401, /^Bearer realm="[^"]+"$/],
    ['garbage', '%%%garbage%%%', 401, /^Bearer realm="[^"]+"$/],
    ['Bearer with junk characters', 'Bearer {"alg":"none"}', 400, /error="invalid_request"/],
  ])('answers a malformed Authorization header (%s)', async (_name, header, status, challenge) => {
    const res = await request(t.app).get('/protected').set('Authorization', header);
    expect(res.status).toBe(status);
    expect(res.headers['www-authenticate']).toMatch(challenge);
  });

  it('answers a missing scope with 403 insufficient_scope naming it', async () => {
    const res = await request(t.app).get('/notes').set(bearer(await t.issuer.sign({ scope: 'openid profile' })));
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toBe(
      `${REALM}, error="insufficient_scope", error_description="the token lacks the scope notes:read", scope="notes:read"`,
    );
    expect(res.body).toMatchObject({ error: 'insufficient_scope', message: 'Token lacks the required scope: notes:read' });
  });
});

async function importPublic(jwk: JWK): Promise<CryptoKey> {
  return (await importJWK(jwk, 'RS256')) as CryptoKey;
}
