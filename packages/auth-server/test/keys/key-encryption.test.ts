import { createKeySealer } from '../../src/keys/key-encryption.js';
import { keyFixture } from './key-fixture.js';

describe('private signing keys at rest', () => {
  test('the store holds only a JWE: no private member in clear', async () => {
    const f = await keyFixture();
    try {
      const active = await f.keys.current();
      const [row] = await f.store.keys.list();
      expect(row!.kid).toBe(active.kid);
      expect(row!.sealedPrivateKey.split('.')).toHaveLength(5); // compact JWE
      const jwk = await createKeySealer(f.config.keyEncryptionSecret).open(row!.kid, row!.sealedPrivateKey);
      expect(jwk.d).toBeTruthy();
      expect(row!.sealedPrivateKey).not.toContain(jwk.d!);
      expect(JSON.stringify(row)).not.toContain(jwk.d!);
    } finally {
      await f.close();
    }
  });

  test('a different secret cannot open it, and a sealed key cannot be moved to another kid', async () => {
    const sealer = createKeySealer('a'.repeat(40));
    const sealed = await sealer.seal('kid-1', { kty: 'RSA', d: 'secret-member' });
    expect(await sealer.open('kid-1', sealed)).toEqual({ kty: 'RSA', d: 'secret-member' });
    await expect(createKeySealer('b'.repeat(40)).open('kid-1', sealed)).rejects.toThrow(/KEY_ENCRYPTION_SECRET/);
    await expect(sealer.open('kid-2', sealed)).rejects.toThrow(/does not belong/);
    await expect(sealer.open('kid-1', '{"kty":"RSA","d":"plain"}')).rejects.toThrow(/not a sealed JWE/);
  });
});
