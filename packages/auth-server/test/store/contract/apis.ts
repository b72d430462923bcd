import { DuplicateError, type Store } from '../../../src/store/types.js';
import type { NewApi } from '../../../src/apis/api.js';
import { id, T0 } from './fixtures.js';

const api = (over: Partial<NewApi> = {}): NewApi => ({
  identifier: `https://${id('api')}.example.com`,
  name: 'An API',
  scopes: [
    { name: id('s:read'), description: 'Read' },
    { name: id('s:write'), description: 'Write' },
  ],
  accessTokenTtl: 600,
  includeRoles: true,
  secretHash: null,
  ...over,
});

export function apisContract(store: () => Store): void {
  describe('apis', () => {
    it('creates, finds with scopes in order, updates and deletes', async () => {
      const a = api();
      expect(await store().apis.create(a, T0)).toEqual({ ...a, createdAt: T0, updatedAt: T0 });
      expect(await store().apis.find(a.identifier)).toEqual({ ...a, createdAt: T0, updatedAt: T0 });
      const scopes = [{ name: id('s:other'), description: 'Other' }];
      const updated = await store().apis.update(a.identifier, { name: 'Renamed', scopes, accessTokenTtl: null, includeRoles: false, secretHash: 'sha256:x' }, T0 + 5);
      expect(updated).toEqual({ ...a, name: 'Renamed', scopes, accessTokenTtl: null, includeRoles: false, secretHash: 'sha256:x', createdAt: T0, updatedAt: T0 + 5 });
      expect((await store().apis.list()).some((x) => x.identifier === a.identifier)).toBe(true);
      expect(await store().apis.delete(a.identifier)).toBe(true);
      expect(await store().apis.find(a.identifier)).toBeUndefined();
      expect(await store().apis.delete(a.identifier)).toBe(false);
      // Its scope names are free again.
      await store().apis.create(api({ scopes }), T0);
    });

    it('refuses a second API with a scope name another API has, writing nothing of it', async () => {
      const first = api();
      await store().apis.create(first, T0);
      const second = api({ scopes: [{ name: id('s:fresh'), description: 'x' }, first.scopes[0]!] });
      await expect(store().apis.create(second, T0)).rejects.toBeInstanceOf(DuplicateError);
      expect(await store().apis.find(second.identifier)).toBeUndefined();
      await expect(store().apis.create(first, T0)).rejects.toBeInstanceOf(DuplicateError);
    });
  });
}
