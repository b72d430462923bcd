import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startTestIssuer } from '@sso/shared/testing';

const entry = join(import.meta.dirname, '../dist/server.js');
const built = existsSync(entry);
if (!built) {
  const hint = 'dist/server.js not built: run `pnpm build` first';
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(hint);
  process.stderr.write(`[skip] production-bundle.test.ts: ${hint}\n`);
}

/** `node dist/server.js` as production runs it: the bundle (shared/bin/bundle-server.mjs), with the native SQLite binding beside it. */
(built ? test : test.skip)('the production bundle starts, verifies tokens against the JWKS and stores notes', async () => {
  expect(readFileSync(entry, 'utf8')).toContain('bundleRequire(import.meta.url)');
  const issuer = await startTestIssuer();
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', NOTES_DB: ':memory:', JWKS_URI: issuer.jwksUri, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`dist/server.js exited with ${code}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        const logged = JSON.parse(line) as { msg?: string; url?: string };
        if (logged.msg === 'resource-api listening' && logged.url) resolve(logged.url);
      });
    });
    expect((await fetch(`${url}/protected`)).status).toBe(401);
    const token = await issuer.sign({ scope: 'notes:read notes:write' });
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${url}/protected`, { headers: auth })).status).toBe(200);
    const created = await fetch(`${url}/notes`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'bundled' }) });
    expect(created.status).toBe(201);
    expect(await (await fetch(`${url}/notes`, { headers: auth })).json()).toMatchObject({ notes: [{ text: 'bundled' }] });
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await issuer.stop();
  }
}, 30_000);
