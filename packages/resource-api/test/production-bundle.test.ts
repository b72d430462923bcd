import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtEntryExists, startBuiltServer, startTestIssuer, type BuiltServer } from '@sso/shared/testing';

const entry = join(import.meta.dirname, '../dist/server.js');
const built = builtEntryExists(entry, import.meta.filename);

/** `node dist/server.js` as production runs it: the bundle (shared/bin/bundle-server.mjs), with the native SQLite binding beside it. */
(built ? test : test.skip)('the production bundle starts, verifies tokens against the JWKS and stores notes', async () => {
  expect(readFileSync(entry, 'utf8')).toContain('bundleRequire(import.meta.url)');
  const issuer = await startTestIssuer();
  const env = { NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', NOTES_DB: ':memory:', JWKS_URI: issuer.jwksUri, LOG_LEVEL: 'info' };
  let server: BuiltServer | undefined;
  try {
    server = await startBuiltServer(entry, env, 'resource-api listening');
    const { url } = server;
    expect((await fetch(`${url}/protected`)).status).toBe(401);
    const token = await issuer.sign({ scope: 'notes:read notes:write' });
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${url}/protected`, { headers: auth })).status).toBe(200);
    const created = await fetch(`${url}/notes`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'bundled' }) });
    expect(created.status).toBe(201);
    expect(await (await fetch(`${url}/notes`, { headers: auth })).json()).toMatchObject({ notes: [{ text: 'bundled' }] });
  } finally {
    await server?.stop();
    await issuer.stop();
  }
}, 30_000);
