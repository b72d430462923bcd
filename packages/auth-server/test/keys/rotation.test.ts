import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { keyStatus } from '../../src/keys/key-schedule.js';
import { signJwt } from '../../src/tokens/sign-jwt.js';
import { keyFixture } from './key-fixture.js';

const HOUR = 3600_000;
const kids = async (keys: { jwks(): Promise<{ keys: { kid?: string }[] }> }) => (await keys.jwks()).keys.map((k) => k.kid);

describe('key rotation', () => {
  let f: Awaited<ReturnType<typeof keyFixture>>;
  beforeEach(async () => (f = await keyFixture({ KEY_PUBLISH_AHEAD: '3600', ACCESS_TOKEN_TTL: '900', ID_TOKEN_TTL: '600' })));
  afterEach(() => f.close());

  it('publishes the new key before it signs and keeps the old one until its tokens expire', async () => {
    const old = await f.keys.current();
    const t0 = f.clock();

    const next = await f.keys.rotate();
    expect(next.activeFrom).toBe(t0 + HOUR);
    // Published at once, not signing yet.
    expect(await kids(f.keys)).toEqual([next.kid, old.kid]);
    expect((await f.keys.current()).kid).toBe(old.kid);

    // The last token the old key signs, a moment before the new key takes over.
    f.clock.set(t0 + HOUR - 1);
    const lastOld = await signJwt(f.keys, 'at+jwt', { sub: 'u', exp: Math.floor(f.clock() / 1000) + 900 });
    expect(decodeProtectedHeader(lastOld).kid).toBe(old.kid);
    f.clock.set(t0 + HOUR);
    expect((await f.keys.current()).kid).toBe(next.kid);

    // Retired when the new key took over; published for the longest token lifetime plus a margin.
    const stored = (await f.keys.list()).find((k) => k.kid === old.kid)!;
    expect(stored.retiredAt).toBe(t0 + HOUR);
    expect(stored.expiresAt).toBeGreaterThanOrEqual(t0 + HOUR + 900_000);
    expect(stored.expiresAt).toBeLessThanOrEqual(t0 + HOUR + 900_000 + 5 * 60_000);

    f.clock.set(t0 + HOUR + 898_000); // the token expires at t0 + HOUR + 899 s
    const jwks = createLocalJWKSet(await f.keys.jwks());
    await expect(jwtVerify(lastOld, jwks, { currentDate: new Date(f.clock()) })).resolves.toBeDefined();

    f.clock.set(stored.expiresAt! - 1);
    expect(await kids(f.keys)).toEqual([next.kid, old.kid]);
    f.clock.set(stored.expiresAt!);
    expect(await kids(f.keys)).toEqual([next.kid]);
    expect(await f.keys.publicKey(old.kid)).toBeUndefined();
    // At the next reload (cache lifetime or refresh()) its private half is erased; the public half
    // still verifies id_token_hints, out of the JWKS, until the longest refresh-token lifetime passed.
    f.keys.refresh();
    await f.keys.jwks();
    const kept = (await f.store.keys.list()).find((k) => k.kid === old.kid)!;
    expect(kept.sealedPrivateKey).toBe('');
    expect(kept.verifyUntil).toBeGreaterThanOrEqual(t0 + HOUR + 90 * 24 * HOUR);
    expect(await f.keys.hintKey(old.kid)).toBeDefined();
    f.clock.set(kept.verifyUntil!);
    f.keys.refresh();
    expect(await f.keys.hintKey(old.kid)).toBeUndefined();
    expect((await f.store.keys.list()).map((k) => k.kid)).toEqual([next.kid]);
  });

  it('new tokens are signed by the new key and verify against the JWKS of another instance', async () => {
    await f.keys.current();
    const other = await f.instance();
    await other.jwks();
    const next = await f.keys.rotate();
    f.clock.advance(HOUR);
    const token = await signJwt(f.keys, 'JWT', { sub: 'u' });
    const { protectedHeader } = await jwtVerify(token, createLocalJWKSet(await other.jwks()));
    expect(protectedHeader.kid).toBe(next.kid);
    expect((await other.current()).kid).toBe(next.kid);
  });

  it('in this process a rotation applies at once: it is announced to every key store on the store', async () => {
    await f.keys.current();
    const same = f.sameProcess();
    await same.jwks();
    f.clock.advance(1000); // not in the first key's millisecond (see the next test)
    const next = await f.keys.rotate({ immediate: true });
    expect(await kids(same)).toContain(next.kid);
    expect((await same.current()).kid).toBe(next.kid);
  });

  it('rotate now in the millisecond the current key started still hands over: the new key starts one millisecond later', async () => {
    // Keys starting together would tie, broken by kid: a coin flip per rotation that left the old
    // key signing and retired the new one as an orphan. Eight flips in a row.
    let current = await f.keys.current();
    for (let i = 0; i < 8; i++) {
      const start = f.clock();
      const next = await f.keys.rotate({ immediate: true });
      expect(next.activeFrom).toBe(start + 1);
      expect((await f.keys.current()).kid).toBe(current.kid);
      f.clock.advance(1);
      expect((await f.keys.current()).kid).toBe(next.kid);
      const byKid = new Map((await f.keys.list()).map((k) => [k.kid, k]));
      expect(byKid.get(current.kid)?.retiredAt).toBe(next.activeFrom);
      expect(byKid.get(next.kid)?.retiredAt).toBeNull();
      current = await f.keys.current();
    }
  });

  it('an instance that hears no changes sees a rotation within the cache lifetime, or at once after refresh()', async () => {
    await f.keys.current();
    const other = await f.instance();
    await other.jwks();
    const next = await f.keys.rotate();
    expect(await kids(other)).not.toContain(next.kid);
    f.clock.advance(30_000);
    expect(await kids(other)).toContain(next.kid);
    const third = await f.keys.rotate();
    other.refresh();
    expect(await kids(other)).toContain(third.kid);
  });

  it('a second rotation before the first takes effect replaces the upcoming key, which never signs', async () => {
    const first = await f.keys.current();
    const second = await f.keys.rotate();
    f.clock.advance(60_000);
    const replacedAt = f.clock();
    const third = await f.keys.rotate();
    // The first key keeps signing until the replacement takes over: no key signs for a minute only.
    f.clock.set(second.activeFrom);
    expect((await f.keys.current()).kid).toBe(first.kid);
    f.clock.set(third.activeFrom);
    expect((await f.keys.current()).kid).toBe(third.kid);
    const byKid = new Map((await f.keys.list()).map((k) => [k.kid, k]));
    expect(byKid.get(first.kid)?.retiredAt).toBe(third.activeFrom);
    // Retired when replaced, it left the JWKS one token lifetime later.
    expect(byKid.get(second.kid)?.retiredAt).toBe(replacedAt);
    expect(byKid.get(second.kid)?.expiresAt).toBeLessThan(third.activeFrom);
    expect(await kids(f.keys)).toEqual([third.kid, first.kid]);
  });

  it('rotate now is not undone by an earlier pending rotation: the pending key never signs', async () => {
    const compromised = await f.keys.current();
    const t0 = f.clock();
    const pending = await f.keys.rotate();
    f.clock.advance(10 * 60_000);
    const t1 = f.clock();
    const immediate = await f.keys.rotate({ immediate: true });
    expect((await f.keys.current()).kid).toBe(immediate.kid);

    // Still the immediate key when the pending one would have taken over, and long after.
    f.clock.set(pending.activeFrom);
    f.keys.refresh();
    expect((await f.keys.current()).kid).toBe(immediate.kid);
    f.clock.set(t0 + 24 * HOUR);
    f.keys.refresh();
    expect((await f.keys.current()).kid).toBe(immediate.kid);
    expect(await f.store.keys.list()).toHaveLength(3); // nothing re-created for lack of a signer

    const byKid = new Map((await f.keys.list()).map((k) => [k.kid, k]));
    expect(byKid.get(immediate.kid)?.retiredAt).toBeNull();
    // The compromised key stopped signing at once and leaves the JWKS one token lifetime later,
    // not one lifetime after the pending key's time.
    const old = byKid.get(compromised.kid)!;
    expect(old.retiredAt).toBe(t1);
    expect(old.expiresAt).toBeLessThanOrEqual(t1 + 900_000 + 5 * 60_000);
    expect(byKid.get(pending.kid)?.retiredAt).toBe(t1);
  });

  it('rotate now lists the pending key as retired and no rotation as scheduled', async () => {
    await f.keys.current();
    const pending = await f.keys.rotate();
    f.clock.advance(60_000);
    const immediate = await f.keys.rotate({ immediate: true });
    const keys = await f.keys.list();
    const signer = keys.find((k) => k.kid === immediate.kid);
    expect(keyStatus(keys.find((k) => k.kid === pending.kid)!, signer, f.clock())).toBe('retired');
    expect(keys.filter((k) => keyStatus(k, signer, f.clock()) === 'upcoming')).toEqual([]);
    // Still published for a stale cache on another instance, then gone.
    expect(await kids(f.keys)).toContain(pending.kid);
  });

  it('two rotations at once do not retire each other: the later key signs, nothing is re-created', async () => {
    await f.keys.current();
    const other = await f.instance();
    const [a, b] = await Promise.all([f.keys.rotate(), other.rotate()]);
    f.clock.advance(HOUR + 1);
    f.keys.refresh();
    const newest = [a, b].sort((x, y) => y.activeFrom - x.activeFrom || (x.kid < y.kid ? 1 : -1))[0]!;
    expect((await f.keys.current()).kid).toBe(newest.kid);
    expect(await f.store.keys.list()).toHaveLength(3);
  });
});
