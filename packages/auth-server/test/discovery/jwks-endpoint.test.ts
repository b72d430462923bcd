import { createLocalJWKSet, jwtVerify } from 'jose';
import type { JSONWebKeySet } from 'jose';
import request from 'supertest';
import { signJwt } from '../../src/tokens/sign-jwt.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';

describe('GET /jwks on the full app', () => {
  let t: TestContext;
  beforeAll(async () => (t = await createTestContext({ ISSUER: 'https://sso.example.com' })));
  afterAll(() => t.close());

  it('serves a cacheable JWK Set of public keys only (RFC 7517 §5, §8.5)', async () => {
    const res = await request(t.app).get('/jwks').expect(200);
    expect(res.headers['content-type']).toBe('application/jwk-set+json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const { keys } = JSON.parse(res.text) as { keys: Record<string, unknown>[] };
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) {
      expect(Object.keys(k).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(k).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    }
  });

  it('verifies what the server signs, and shows a rotated-in key before it signs', async () => {
    const token = await signJwt(t.deps.keys, 'JWT', { iss: t.config.issuer, sub: 'u1' });
    const jwks = JSON.parse((await request(t.app).get('/jwks')).text) as JSONWebKeySet;
    await expect(jwtVerify(token, createLocalJWKSet(jwks), { issuer: t.config.issuer })).resolves.toBeDefined();

    const next = await t.deps.keys.rotate();
    const after = JSON.parse((await request(t.app).get('/jwks')).text) as { keys: { kid: string }[] };
    expect(after.keys.map((k) => k.kid)).toContain(next.kid);
  });

  it.each(['/jwks', '/.well-known/openid-configuration'])('%s carries an ETag and answers 304 to it; a new key changes it', async (path) => {
    const first = await request(t.app).get(path).expect(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(first.headers['content-type']).toBe(path === '/jwks' ? 'application/jwk-set+json; charset=utf-8' : 'application/json; charset=utf-8');
    expect(first.headers['content-length']).toBe(String(Buffer.byteLength(first.text)));
    const again = await request(t.app).get(path).set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const head = await request(t.app).head(path).expect(200);
    expect(head.headers.etag).toBe(etag);
    expect(head.text).toBeUndefined();
    if (path === '/jwks') {
      await t.deps.keys.rotate();
      const changed = await request(t.app).get(path).set('If-None-Match', etag).expect(200);
      expect(changed.headers.etag).not.toBe(etag);
    }
  });

  it('no-store answers carry no ETag', async () => {
    for (const res of [await request(t.app).get('/healthz'), await request(t.app).post('/token').type('form').send({ grant_type: 'client_credentials' })]) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
    }
  });

  it('every advertised endpoint is routed (none answers 404)', async () => {
    const body = (await request(t.app).get('/.well-known/openid-configuration').expect(200)).body as Record<string, string>;
    const path = (url: string | undefined) => new URL(url ?? '').pathname;
    const gets = ['authorization_endpoint', 'userinfo_endpoint', 'jwks_uri', 'end_session_endpoint'];
    const posts = ['token_endpoint', 'revocation_endpoint', 'introspection_endpoint', 'userinfo_endpoint'];
    for (const name of gets) expect([name, (await request(t.app).get(path(body[name]))).status]).not.toEqual([name, 404]);
    for (const name of posts) expect([name, (await request(t.app).post(path(body[name])).type('form').send('')).status]).not.toEqual([name, 404]);
  });
});
