import { verifyClientSecret } from '../../src/clients/client-secret.js';
import { location, postForm } from '../helpers/browser.js';
import { startConsoleFixture, type ConsoleFixture } from './console-fixture.js';

let f: ConsoleFixture;
beforeAll(async () => (f = await startConsoleFixture()));
afterAll(() => f.close());

/** Posts the form of the page at `page` (its CSRF token included) with `fields`; by default the form that posts back to `page`. */
async function submit(page: string, fields: Record<string, string>, marker = `action="${page}"`) {
  const html = await (await f.browser.get(page)).text();
  const form = postForm(html, marker);
  return f.browser.post(form.action ?? page, { ...form.fields, ...fields });
}
const secretOn = (html: string) => /id="client-secret">([^<]+)</.exec(html)?.[1];

describe('console: clients', () => {
  test('create shows the secret once, uncached, with a warning; the detail page never shows it', async () => {
    const res = await submit('/admin/clients/new', { client_id: 'web-shop', name: 'Web shop', redirect_uris: 'https://shop.example/cb', grant_types: 'authorization_code refresh_token', scopes: '' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toMatch(/shown only once/);
    const secret = secretOn(html)!;
    expect(verifyClientSecret((await f.ctx.store.clients.findById('web-shop'))!.secretHash, secret)).toBe(true);

    const detail = await (await f.browser.get('/admin/clients/web-shop')).text();
    expect(detail).toContain('https://shop.example/cb');
    expect(detail).not.toContain(secret);
    expect(await (await f.browser.get('/admin/clients')).text()).toContain('href="/admin/clients/web-shop"');
    expect((await f.ctx.store.audit.list({ type: 'client_created' }))[0]?.detail).toMatchObject({ by: 'console', admin: 'root' });
  });

  test('a refused form comes back with the reason and what was typed; a POST without the CSRF token is refused', async () => {
    const res = await submit('/admin/clients/new', { client_id: 'bad-app', name: 'Bad', redirect_uris: 'http://bad.example/cb', grant_types: 'authorization_code' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/redirect URI must use https/);
    expect(html).toContain('http://bad.example/cb');
    expect(await f.ctx.store.clients.findById('bad-app')).toBeUndefined();

    const forged = await f.browser.post('/admin/clients/new', { client_id: 'forged', name: 'F', redirect_uris: 'https://f.example/cb', grant_types: 'authorization_code' });
    expect(forged.status).toBe(403);
    expect(await f.ctx.store.clients.findById('forged')).toBeUndefined();
  });

  test('edit saves under the same rules and switches MFA on', async () => {
    await submit('/admin/clients/new', { client_id: 'edit-me', name: 'Edit me', redirect_uris: 'https://e.example/cb', grant_types: 'authorization_code' });
    const res = await submit('/admin/clients/edit-me/edit', { name: 'Edited', redirect_uris: 'https://e.example/cb\nhttps://e.example/cb2', grant_types: 'authorization_code', scopes: 'openid profile', require_mfa: '1' });
    expect(res.status).toBe(303);
    expect(location(res)).toBe('/admin/clients/edit-me');
    expect(await f.ctx.store.clients.findById('edit-me')).toMatchObject({ name: 'Edited', redirectUris: ['https://e.example/cb', 'https://e.example/cb2'], scopes: ['openid', 'profile'] });
    expect(await f.ctx.store.mfaRequirements.has('client', 'edit-me')).toBe(true);
    const refused = await submit('/admin/clients/edit-me/edit', { name: 'Edited', redirect_uris: 'https://e.example/cb', grant_types: 'implicit', scopes: 'openid' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/Unknown grant type implicit/);
  });

  test('rotate secret and delete go through a confirmation page', async () => {
    await submit('/admin/clients/new', { client_id: 'rotate-me', name: 'Rotate me', redirect_uris: 'https://r.example/cb', grant_types: 'authorization_code' });
    const old = (await f.ctx.store.clients.findById('rotate-me'))!.secretHash;

    const confirm = await (await f.browser.get('/admin/clients/rotate-me/rotate-secret')).text();
    expect(confirm).toMatch(/stops working at once/);
    const rotated = await submit('/admin/clients/rotate-me/rotate-secret', {}, 'Rotate secret');
    expect(rotated.status).toBe(200);
    const fresh = secretOn(await rotated.text())!;
    const { secretHash } = (await f.ctx.store.clients.findById('rotate-me'))!;
    expect(secretHash).not.toBe(old);
    expect(verifyClientSecret(secretHash, fresh)).toBe(true);

    // With a grace period the old secret keeps working beside the new one, and the pages say until when.
    expect(confirm).toMatch(/<select id="choice-graceSeconds" name="graceSeconds">/);
    expect(confirm).toMatch(/<option value="0">no: it stops at once<\/option><option value="3600">/);
    const graceAt = f.ctx.clock();
    const kept = await submit('/admin/clients/rotate-me/rotate-secret', { graceSeconds: '86400' }, 'Rotate secret');
    expect(kept.status).toBe(200);
    const until = new Date(graceAt + 86_400_000).toISOString();
    expect(await kept.text()).toContain(`The previous secret keeps working until ${until}.`);
    const withGrace = (await f.ctx.store.clients.findById('rotate-me'))!;
    expect(withGrace.previousSecretHash).toBe(secretHash);
    expect(await (await f.browser.get('/admin/clients/rotate-me')).text()).toContain(`accepted until ${until}`);
    expect((await submit('/admin/clients/rotate-me/rotate-secret', { graceSeconds: '1 week' }, 'Rotate secret')).status).toBe(400);

    expect(await (await f.browser.get('/admin/clients/rotate-me/delete')).text()).toMatch(/grants and refresh tokens are revoked/);
    const deleted = await submit('/admin/clients/rotate-me/delete', {}, 'Delete client');
    expect([deleted.status, location(deleted)]).toEqual([303, '/admin/clients']);
    expect(await f.ctx.store.clients.findById('rotate-me')).toBeUndefined();
    expect((await f.browser.get('/admin/clients/rotate-me')).status).toBe(404);
  });
});

describe('console: APIs', () => {
  const REPORTS = 'https://reports.example.com';
  const page = `/admin/apis/${encodeURIComponent(REPORTS)}`;

  test('create with an introspection secret shown once; add, describe and remove scopes; delete behind a confirmation', async () => {
    const res = await submit('/admin/apis/new', { identifier: REPORTS, name: 'Reports', scopes: 'reports:read=Read your reports\nreports:write=Change your reports', access_token_ttl: '', introspection_secret: '1' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const secret = secretOn(await res.text())!;
    expect(verifyClientSecret((await f.ctx.store.apis.find(REPORTS))!.secretHash, secret)).toBe(true);
    expect(await (await f.browser.get(page)).text()).not.toContain(secret);
    expect(await (await f.browser.get('/admin/apis')).text()).toContain(`href="${page}"`);

    expect((await submit(page, { scope: 'reports:export', description: 'Export your reports' }, 'Save scope')).status).toBe(303);
    expect((await submit(page, { scope: 'reports:write' }, 'name="scope" value="reports:write"')).status).toBe(303);
    expect((await f.ctx.store.apis.find(REPORTS))!.scopes.map((s) => s.name)).toEqual(['reports:read', 'reports:export']);

    const taken = await submit(page, { scope: 'admin:read', description: 'Mine' }, 'Save scope');
    expect(taken.status).toBe(409);
    expect(await taken.text()).toMatch(/already belongs to/);

    expect(await (await f.browser.get(`${page}/delete`)).text()).toMatch(/cannot be undone/);
    const deleted = await submit(`${page}/delete`, {}, 'Delete API');
    expect([deleted.status, location(deleted)]).toEqual([303, '/admin/apis']);
    expect(await f.ctx.store.apis.find(REPORTS)).toBeUndefined();
  });

  test('a refused API comes back with the reason; the built-in admin API is read-only', async () => {
    const res = await submit('/admin/apis/new', { identifier: 'http://plain.example.com', name: 'Plain', scopes: 'p:read=Read' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/must use https/);
    const admin = await (await f.browser.get(`/admin/apis/${encodeURIComponent(`${f.issuer}/admin/api`)}`)).text();
    expect(admin).toMatch(/read-only/);
    expect(admin).not.toContain('Save scope');
  });
});
