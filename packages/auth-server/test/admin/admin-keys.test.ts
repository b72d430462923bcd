import type { KeyList } from '../../src/admin/services/keys.js';
import { startAdminFixture, type AdminFixture } from './admin-fixture.js';

describe('admin API: signing keys', () => {
  let f: AdminFixture;
  beforeAll(async () => (f = await startAdminFixture({ KEY_PUBLISH_AHEAD: '600' })));
  afterAll(() => f.close());

  it('lists the keys with their status, public facts only', async () => {
    const res = await f.call<KeyList>('get', '/keys', { token: await f.adminToken() });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.keys).toHaveLength(1);
    expect(res.body.keys[0]).toMatchObject({ alg: 'RS256', status: 'current', retiredAt: null });
    expect(res.body.nextRotation).toBeNull();
    expect(JSON.stringify(res.body)).not.toMatch(/"d"|sealed|private/i);
  });
});
