import { startTestIssuer } from '@sso/shared/testing';
import { startServer } from '../src/server.js';

describe('startServer', () => {
  it('listens on an ephemeral port, verifies against the JWKS, and closes', async () => {
    const issuer = await startTestIssuer();
    const server = await startServer({ PORT: '0', NOTES_DB: ':memory:', JWKS_URI: issuer.jwksUri, LOG_LEVEL: 'silent' });
    try {
      expect(server.port).toBeGreaterThan(0);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const res = await fetch(`${server.url}/protected`, { headers: { Authorization: `Bearer ${await issuer.sign()}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ sub: 'user-1' });
    } finally {
      await server.close();
      await issuer.stop();
    }
  });
});
