import { createAccessTokenVerifier } from '../src/index.js';
import type { AccessTokenVerifier } from '../src/index.js';
import { startTestIssuer } from '../src/testing/index.js';
import type { TestIssuer } from '../src/testing/index.js';

describe('createAccessTokenVerifier', () => {
  let now: number;
  let issuer: TestIssuer;
  let verifier: AccessTokenVerifier;
  const clock = () => now;

  beforeEach(async () => {
    now = Date.parse('2030-01-01T00:00:00Z');
    issuer = await startTestIssuer({ clock, ttlSec: 60 });
    verifier = createAccessTokenVerifier({
      issuer: issuer.issuer,
      audience: issuer.audience,
      jwksUri: issuer.jwksUri,
      clock,
      clockToleranceSec: 0,
    });
  });
  afterEach(() => issuer.stop());

  it('returns subject, client, scopes, roles and the claims', async () => {
    const token = await issuer.sign({ sub: 'alice', roles: ['admin'], scope: 'openid notes:read', sid: 's1' });
    const result = await verifier.verify(token);
    expect(result).toMatchObject({ subject: 'alice', clientId: 'app-a', scopes: ['openid', 'notes:read'], roles: ['admin'] });
    expect(result.claims).toMatchObject({ sid: 's1', iss: issuer.issuer });
    expect(Object.isFrozen(result)).toBe(true);
  });

  it('accepts client-credentials tokens (sub = client id, no roles)', async () => {
    const token = await issuer.sign({ sub: 'worker', client_id: 'worker', roles: undefined, scope: 'notes:read' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'worker', roles: [], scopes: ['notes:read'] });
  });

  it('serves a repeated token from the cache', async () => {
    const token = await issuer.sign();
    const first = await verifier.verify(token);
    const second = await verifier.verify(token);
    expect(second).toBe(first);
    expect(verifier.stats()).toMatchObject({ cacheHits: 1, cacheMisses: 1, cacheSize: 1 });
  });

  it('never returns a cache entry after the token exp', async () => {
    const token = await issuer.sign();
    await verifier.verify(token);
    now += 59_000;
    await expect(verifier.verify(token)).resolves.toBeDefined();
    now += 1_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ error: 'invalid_token', description: 'the token has expired' });
    expect(verifier.stats().cacheHits).toBe(1);
  });

  it('honours the clock tolerance on a fresh verification, not on cache hits', async () => {
    const tolerant = createAccessTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri, clock, clockToleranceSec: 5 });
    const token = await issuer.sign();
    await tolerant.verify(token);
    now += 63_000;
    await expect(tolerant.verify(token)).resolves.toBeDefined();
    expect(tolerant.stats().cacheHits).toBe(0);
    now += 3_000;
    await expect(tolerant.verify(token)).rejects.toMatchObject({ error: 'invalid_token' });
  });

  it('bounds the cache', async () => {
    const small = createAccessTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri, clock, cacheMax: 3 });
    for (let i = 0; i < 10; i += 1) await small.verify(await issuer.sign({ sub: `u${i}` }));
    expect(small.stats().cacheSize).toBe(3);
  });

  it.each([
    ['roles not an array', { roles: 'admin' }, 'roles'],
    ['scope not a string', { scope: ['notes:read'] }, 'scope'],
    ['missing client_id', { client_id: undefined }, 'client_id'],
    ['missing jti', { jti: undefined }, 'jti'],
    ['missing sub', { sub: undefined }, 'sub'],
  ])('refuses a token with %s', async (_name, claims, claim) => {
    const token = await issuer.sign(claims);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    await expect(verifier.verify(token)).rejects.toMatchObject({ error: 'invalid_token', description: expect.stringContaining(claim) });
  });
});
