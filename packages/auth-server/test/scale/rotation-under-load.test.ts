import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccessTokenVerifier } from '@sso/shared';
import { createApp, createNotesStore, openNotesDatabase, silentLogger } from '@sso/resource-api';
import type { Express } from 'express';
import request from 'supertest';
import { hashClientSecret } from '../../src/clients/client-secret.js';
import { manualClock } from '../../src/clock.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { clientDefaults } from '../oidc/oidc.fixture.js';
import { registerNotesApi } from '../../src/cli/seed.js';

/**
 * Key rotation while the resource API is busy. The new key is published ahead of signing, the old
 * one stays published until its tokens expire, and the API's JWKS cache picks both up by itself:
 * not one verification may fail.
 */
describe('key rotation under load', () => {
  const clock = manualClock();
  const dir = mkdtempSync(join(tmpdir(), 'rotation-'));
  let auth: TestContext;
  let api: Express;
  let closeNotes: () => Promise<void>;
  const basic = `Basic ${Buffer.from('svc:svc-secret-123').toString('base64')}`;

  beforeAll(async () => {
    // Publish-ahead longer than the API's JWKS cache lifetime (10 min), as the README advises.
    auth = await createTestContext({ KEY_PUBLISH_AHEAD: '900' }, { listen: true, clock });
    await registerNotesApi(auth.store, auth.config, clock());
    await auth.store.clients.create(
      clientDefaults({ clientId: 'svc', secretHash: hashClientSecret('svc-secret-123'), grantTypes: ['client_credentials'], scopes: ['notes:read'], redirectUris: [] }),
      clock(),
    );
    const db = await openNotesDatabase(join(dir, 'notes.db'));
    closeNotes = () => db.destroy();
    const verifier = createAccessTokenVerifier({
      issuer: auth.config.issuer,
      audience: auth.config.resourceAudience,
      jwksUri: `${auth.url}/jwks`,
      clock,
    });
    api = createApp({ corsOrigins: [], audience: auth.config.resourceAudience }, { verifier, notes: createNotesStore(db, clock), logger: silentLogger });
  });
  afterAll(async () => {
    await auth.close();
    await closeNotes();
    rmSync(dir, { recursive: true, force: true });
  });

  const mint = async (): Promise<string> => {
    const res = await request(auth.app).post('/token').set('Authorization', basic).type('form').send({ grant_type: 'client_credentials' });
    expect(res.status).toBe(200);
    return (res.body as { access_token: string }).access_token;
  };

  test('zero failed verifications across a rotation', async () => {
    const failures: string[] = [];
    const kidsSeen = new Set<string>();
    const oldToken = await mint();
    let verified = 0;

    // 40 rounds of 30 s each (20 min): rotation at round 5, the new key signs from round 35.
    for (let round = 0; round < 40; round++) {
      if (round === 5) await auth.deps.keys.rotate();
      const burst = Array.from({ length: 12 }, async () => {
        const token = await mint();
        kidsSeen.add((JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid);
        const res = await request(api).get('/protected').set('Authorization', `Bearer ${token}`);
        if (res.status === 200) verified++;
        else failures.push(`round ${round}: ${res.status} ${res.headers['www-authenticate']}`);
      });
      // A token signed by the old key before the rotation keeps working until it expires (15 min).
      if (round < 28) {
        burst.push(
          request(api)
            .get('/protected')
            .set('Authorization', `Bearer ${oldToken}`)
            .then((res) => {
              if (res.status !== 200) failures.push(`old token, round ${round}: ${res.status}`);
            }),
        );
      }
      await Promise.all(burst);
      clock.advance(30_000);
    }

    expect(failures).toEqual([]);
    expect(kidsSeen.size).toBe(2); // both keys really signed during the run
    expect(verified).toBe(40 * 12);
  });
});
