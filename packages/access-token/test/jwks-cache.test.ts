import { createAccessTokenVerifier } from '../src/index.js';
import type { AccessTokenVerifier } from '../src/index.js';
import { startTestIssuer } from '../src/testing/index.js';
import type { TestIssuer } from '../src/testing/index.js';

describe('JWKS cache', () => {
  let now: number;
  let issuer: TestIssuer;
  let verifier: AccessTokenVerifier;
  const clock = () => now;

  beforeEach(async () => {
    now = Date.parse('2030-01-01T00:00:00Z');
    issuer = await startTestIssuer({ clock });
    verifier = createAccessTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri, clock });
  });
  afterEach(() => issuer.stop());

  it('fetches the JWKS once for many tokens signed with a known key', async () => {
    for (let i = 0; i < 20; i += 1) await verifier.verify(await issuer.sign({ sub: `user-${i}` }));
    expect(issuer.jwksRequests).toBe(1);
  });

  it('refetches at most once per cooldown under a flood of unknown kids', async () => {
    await verifier.verify(await issuer.sign());
    now += 31_000; // past the first cooldown, so the flood may cause exactly one refetch
    const forged = await Promise.all(Array.from({ length: 200 }, (_, i) => issuer.sign({}, { header: { kid: `forged-${i}` } })));
    const results = await Promise.allSettled(forged.map((token) => verifier.verify(token)));
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(issuer.jwksRequests).toBe(2);

    for (const token of forged.slice(0, 50)) await expect(verifier.verify(token)).rejects.toMatchObject({ error: 'invalid_token' });
    expect(issuer.jwksRequests).toBe(2);

    now += 30_000;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- @types/jest types asymmetric matchers as any
    await expect(verifier.verify(forged[0]!)).rejects.toMatchObject({ description: expect.stringContaining('kid') });
    expect(issuer.jwksRequests).toBe(3);
  });

  it('picks up a rotated key without a restart', async () => {
    await verifier.verify(await issuer.sign());
    now += 30_000;
    await issuer.rotate();
    const token = await issuer.sign();
    await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'user-1' });
    expect(issuer.jwksRequests).toBe(2);
  });

  it('keeps verifying with cached keys while the JWKS server is down, even past max age', async () => {
    await verifier.verify(await issuer.sign({ sub: 'first' }));
    await issuer.stop();
    now += 3_600_000; // far past jwksCacheMaxAgeMs: a background refresh is attempted and fails
    await expect(verifier.verify(await issuer.sign({ sub: 'second' }))).resolves.toMatchObject({ subject: 'second' });
    await expect(verifier.verify(await issuer.sign({ sub: 'third' }))).resolves.toMatchObject({ subject: 'third' });
    expect(verifier.stats().jwks.failures).toBeGreaterThanOrEqual(1);
  });

  it('answers 503 temporarily_unavailable when no key was ever fetched, and retries only after the cooldown', async () => {
    const token = await issuer.sign();
    await issuer.stop();
    await expect(verifier.verify(token)).rejects.toMatchObject({ error: 'temporarily_unavailable', status: 503 });
    await expect(verifier.verify(token)).rejects.toMatchObject({ error: 'temporarily_unavailable' });
    expect(verifier.stats().jwks.fetches).toBe(1);
    now += 30_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ error: 'temporarily_unavailable' });
    expect(verifier.stats().jwks.fetches).toBe(2);
  });

  it('refreshes a stale set in the background and drops keys the issuer withdrew', async () => {
    const oldKid = issuer.kid;
    const oldToken = await issuer.sign();
    await verifier.verify(oldToken);
    await issuer.rotate();
    issuer.unpublish(oldKid);
    now += 600_000;
    // This request triggers the background refresh and is still served from the cache.
    await verifier.verify(await issuer.sign());
    await new Promise((resolve) => setImmediate(resolve));
    await expect(verifier.verify(oldToken)).rejects.toMatchObject({ error: 'invalid_token' });
  });
});
