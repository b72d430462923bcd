import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify } from 'jose';
import { signJwt } from '../../src/tokens/sign-jwt.js';
import { keyFixture } from './key-fixture.js';

describe('key store', () => {
  let f: Awaited<ReturnType<typeof keyFixture>>;
  beforeEach(async () => (f = await keyFixture()));
  afterEach(() => f.close());

  it('creates and persists one RS256 key on first start, even when asked concurrently', async () => {
    expect(await f.store.keys.list()).toEqual([]);
    const [a, b, c] = await Promise.all([f.keys.current(), f.keys.current(), f.keys.current()]);
    expect(a.alg).toBe('RS256');
    expect(new Set([a.kid, b.kid, c.kid]).size).toBe(1);
    const stored = await f.store.keys.list();
    expect(stored.map((k) => k.kid)).toEqual([a.kid]);
    expect(stored[0]).toMatchObject({ alg: 'RS256', activeFrom: f.clock(), retiredAt: null, expiresAt: null });
  });

  it('publishes only public members: kty, n, e, kid, alg, use', async () => {
    const { kid } = await f.keys.current();
    const { keys } = await f.keys.jwks();
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0]!).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(keys[0]).toMatchObject({ kty: 'RSA', kid, alg: 'RS256', use: 'sig', e: 'AQAB' });
    // 2048-bit modulus: 256 bytes, 342 base64url characters.
    expect(Buffer.from(keys[0]!.n!, 'base64url')).toHaveLength(256);
  });

  it('hands out one frozen set while the same keys are published, and a new one once a rotation publishes another', async () => {
    const first = await f.keys.jwks();
    expect(await f.keys.jwks()).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.keys)).toBe(true);
    const next = await f.keys.rotate();
    const after = await f.keys.jwks();
    expect(after).not.toBe(first);
    expect(after.keys.map((k) => k.kid)).toContain(next.kid);
    expect(await f.keys.jwks()).toBe(after);
  });

  it('uses the RFC 7638 thumbprint as kid', async () => {
    const { keys } = await f.keys.jwks();
    const { kty, n, e } = keys[0]!;
    expect(await calculateJwkThumbprint({ kty, n, e })).toBe(keys[0]!.kid);
  });

  it('keeps the same key across a restart', async () => {
    const { kid } = await f.keys.current();
    await f.restart();
    expect((await f.keys.current()).kid).toBe(kid);
    expect(await f.store.keys.list()).toHaveLength(1);
  });

  it('signs tokens that verify against the published JWKS, and publicKey(kid) finds the key', async () => {
    const token = await signJwt(f.keys, 'JWT', { iss: 'https://issuer.example', sub: 'u1' });
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(await f.keys.jwks()));
    expect(payload.sub).toBe('u1');
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: (await f.keys.current()).kid });
    await expect(jwtVerify(token, (await f.keys.publicKey(protectedHeader.kid!))!)).resolves.toBeDefined();
    expect(await f.keys.publicKey('no-such-kid')).toBeUndefined();
  });

  it('lets two instances racing on an empty store settle on one signer, both keys published', async () => {
    const other = await f.instance();
    const [a, b] = await Promise.all([f.keys.current(), other.current()]);
    f.keys.refresh();
    other.refresh();
    const [a2, b2] = [await f.keys.current(), await other.current()];
    expect(a2.kid).toBe(b2.kid);
    const published = (await f.keys.jwks()).keys.map((k) => k.kid);
    expect(published).toEqual(expect.arrayContaining([a.kid, b.kid]));
    // The loser, if there was one, is retired and leaves the JWKS once its tokens expired.
    const loser = (await f.store.keys.list()).filter((k) => k.kid !== a2.kid);
    for (const k of loser) expect(k.retiredAt).not.toBeNull();
  });
});
