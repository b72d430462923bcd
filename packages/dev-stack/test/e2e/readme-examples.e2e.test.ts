import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loopbackFetch } from '@sso/shared';
import { chromium, type Browser } from 'playwright-core';
import { freePort, startStack, type Stack } from './stack.js';

/**
 * The root README's "Protect your own API" blocks, run as written: the `pnpm admin` commands against
 * the running stack, then `api.mjs` and `app.mjs` from a folder outside the repository that has only
 * the packed @sso/access-token, Express and openid-client, signed in through by Chromium.
 */
const run = promisify(execFile);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = resolve(process.cwd(), '../..');
const TIMEOUT = 180_000;
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  if (process.env.REQUIRE_SERVICES === '1') throw new Error(`REQUIRE_SERVICES=1 but Chromium is missing at ${CHROMIUM}`);
  console.warn('[skip] README examples test skipped: no Chromium');
}
const e2eTest = haveChromium ? test : test.skip;

/** The fenced block after `<!-- readme-example: NAME -->`. */
function readmeBlock(name: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(`<!-- readme-example: ${name} -->`);
  const block = at < 0 ? null : /```\w*\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block?.[1]) throw new Error(`README has no example block ${name}`);
  return block[1];
}

/** Children without the test runner's NODE_OPTIONS (experimental VM modules). */
const childEnv = (extra: Record<string, string>) => {
  const { NODE_OPTIONS: _, ...env } = process.env;
  return { ...env, ...extra };
};

/** Starts `node FILE` in `cwd` and resolves once it printed that it listens. */
function startExample(cwd: string, file: string, env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [file], { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (/ on http:\/\//.test(output)) resolveStart(child);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}:\n${output}`)));
  });
}

/** What the README's install block does, without the registry: the packed tarball plus the repo's copies of its peers. */
async function installInto(dir: string): Promise<void> {
  await run('pnpm', ['--filter', '@sso/access-token', 'pack', '--pack-destination', dir], { cwd: ROOT, env: childEnv({}) });
  const target = join(dir, 'node_modules', '@sso', 'access-token');
  mkdirSync(target, { recursive: true });
  await run('tar', ['-xzf', join(dir, 'sso-access-token-0.1.0.tgz'), '-C', target, '--strip-components=1']);
  const from = (pkg: string, name: string) => realpathSync(join(ROOT, 'packages', pkg, 'node_modules', name));
  for (const [pkg, name] of [['demo-site', 'express'], ['demo-site', 'openid-client'], ['access-token', 'jose'], ['access-token', 'lru-cache']] as const) {
    symlinkSync(from(pkg, name), join(dir, 'node_modules', name), 'dir');
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'reports', private: true, type: 'module' }));
}

let stack: Stack;
let browser: Browser;
let work: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!haveChromium) return;
  stack = await startStack();
  work = mkdtempSync(join(tmpdir(), 'readme-examples-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}, TIMEOUT);

afterAll(async () => {
  for (const child of children) child.kill();
  await browser?.close();
  await stack?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
}, TIMEOUT);

e2eTest(
  'the README examples (register, API with the middleware, openid-client web app) run as written against the stack',
  async () => {
    expect(work.startsWith(ROOT)).toBe(false);
    const [apiPort, appPort] = [await freePort(), await freePort()];

    // 1. The admin commands, on the stack's database; only the web app's port is this test's own.
    const register = readmeBlock('register').replace(/localhost:5002/g, `localhost:${appPort}`);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', register], { cwd: ROOT, env: childEnv({ SQLITE_PATH: stack.authDb }) });
    const secret = /client_secret:\s+(\S+)/.exec(stdout)?.[1];
    expect(secret).toBeTruthy();

    // 2. A folder outside the repository, the two files exactly as the README has them.
    await installInto(work);
    writeFileSync(join(work, 'api.mjs'), readmeBlock('api.mjs'));
    writeFileSync(join(work, 'app.mjs'), readmeBlock('app.mjs'));
    children.push(await startExample(work, 'api.mjs', { ISSUER: stack.urls.auth, PORT: String(apiPort) }));
    children.push(
      await startExample(work, 'app.mjs', { ISSUER: stack.urls.auth, PORT: String(appPort), CLIENT_SECRET: secret!, REPORTS_API: `http://localhost:${apiPort}` }),
    );

    // 3. A user signs in to the web app (consent names Reports and its scope), which calls the API.
    const page = await (await browser.newContext()).newPage();
    await page.goto(`http://localhost:${appPort}/`);
    await page.locator('input[name="password"]').waitFor();
    await page.locator('input[name="username"]').fill('demo');
    await page.locator('input[name="password"]').fill('sunny-meadow-2026');
    await page.click('button[type="submit"]');
    await page.getByRole('button', { name: 'Allow' }).waitFor();
    expect(await page.locator('main').innerText()).toMatch(/In Reports\s+Read your reports/);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL((u) => u.href.startsWith(`http://localhost:${appPort}/callback`));
    const shown = JSON.parse(await page.locator('body').innerText()) as { signedInAs: string; reports: { user: string; scopes: string[] } };
    expect(shown.signedInAs).toBe('demo');
    expect(shown.reports.scopes).toEqual(['reports:read']);
    expect(shown.reports.user).toMatch(/\S/);

    // 4. The API refuses a missing token and a token for the notes API (RFC 6750 §3).
    const none = await fetch(`http://localhost:${apiPort}/reports`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    const notes = await loopbackFetch(`${stack.urls.auth}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('demo-service:dev-secret-service').toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    const { access_token: notesToken } = (await notes.json()) as { access_token: string };
    const refused = await fetch(`http://localhost:${apiPort}/reports`, { headers: { authorization: `Bearer ${notesToken}` } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
  },
  TIMEOUT,
);
