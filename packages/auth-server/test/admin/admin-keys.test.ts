import { decodeProtectedHeader } from 'jose';
import type { KeyInfo, KeyList } from '../../src/admin/services/keys.js';
import { startAdminFixture, type AdminFixture } from './admin-fixture.js';

/** GET /keys: the list's array is `items`, as in every admin API list. */
type KeyPage = Omit<KeyList, 'keys'> & { items: KeyInfo[] };

describe('admin API: signing keys', () => {
  let f: AdminFixture;
  beforeAll(async () => (f = await startAdminFixture({ KEY_PUBLISH_AHEAD: '600' })));
  afterAll(() => f.close());

  const jwksKids = async () => ((await (await fetch(`${f.issuer}/jwks`)).json()) as { keys: { kid: string; d?: string }[] }).keys.map((k) => k.kid);

  it('lists the keys with their status, public facts only', async () => {
    const res = await f.call<KeyPage>('get', '/keys', { token: await f.adminToken() });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ alg: 'RS256', status: 'current', retiredAt: null });
    expect(res.body.nextRotation).toBeNull();
    expect(JSON.stringify(res.body)).not.toMatch(/"d"|sealed|private/i);
  });

  it('rotate publishes a new key ahead: in the JWKS at once, signing after KEY_PUBLISH_AHEAD; audited with the admin', async () => {
    const token = await f.adminToken();
    const [before] = (await f.call<KeyPage>('get', '/keys', { token })).body.items;
    const res = await f.call<KeyInfo>('post', '/keys/rotate', { token });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'upcoming', signsFrom: new Date(f.ctx.clock() + 600_000).toISOString() });
    expect(await jwksKids()).toEqual(expect.arrayContaining([res.body.kid, before!.kid]));

    const list = (await f.call<KeyPage>('get', '/keys', { token })).body;
    expect(list.nextRotation).toEqual({ kid: res.body.kid, at: res.body.signsFrom });
    expect(list.items.find((k) => k.kid === before!.kid)).toMatchObject({ status: 'current', retiredAt: res.body.signsFrom });
    // Tokens are still signed by the current key until the new one takes over.
    expect(decodeProtectedHeader(await f.adminToken()).kid).toBe(before!.kid);

    const [event] = await f.ctx.store.audit.list({ type: 'key_rotated' });
    expect(event).toMatchObject({ ip: expect.any(String) as string, detail: { kid: res.body.kid, immediate: false, by: 'api', adminId: f.admin.id, admin: 'ada' } });
  });

  it('rotate with immediate signs with the new key at once; a service client is named in the audit', async () => {
    f.ctx.clock.advance(1000); // on the frozen clock this key would start a millisecond after the first (key-schedule.ts rotationStart)
    const announced = (await f.call<KeyPage>('get', '/keys', { token: await f.adminToken() })).body.nextRotation;
    const res = await f.call<KeyInfo>('post', '/keys/rotate', { token: await f.serviceToken(['admin:write']), body: { immediate: true } });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('current');
    expect(await jwksKids()).toContain(res.body.kid);
    expect(decodeProtectedHeader(await f.adminToken()).kid).toBe(res.body.kid);
    const list = (await f.call<KeyPage>('get', '/keys', { token: await f.adminToken() })).body;
    expect(list.items.filter((k) => k.status === 'current').map((k) => k.kid)).toEqual([res.body.kid]);
    // The key announced by the earlier rotation is cancelled: it would otherwise take over at its
    // time and retire the immediate key (keys/key-schedule.ts replanOnRotation).
    expect(announced).not.toBeNull();
    expect(list.nextRotation).toBeNull();
    expect(list.items.find((k) => k.kid === announced!.kid)?.status).toBe('retired');
    const [event] = await f.ctx.store.audit.list({ type: 'key_rotated' });
    expect(event?.detail).toMatchObject({ kid: res.body.kid, immediate: true, by: 'api', serviceClient: 'admin-service' });
  });
});
