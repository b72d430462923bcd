import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { browser, csrfToken } from './browser.js';
import { makeAccount, PASSWORD } from './fixtures.js';

describe('malformed input, headers and logs', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
    await makeAccount(t.store, t.clock(), 'alice');
  });
  afterAll(() => t.close());

  it.each([
    ['a repeated username', { username: ['alice', 'bob'], password: PASSWORD }],
    ['a repeated password', { username: 'alice', password: [PASSWORD, PASSWORD] }],
    ['a missing password', { username: 'alice' }],
    ['a huge username', { username: 'a'.repeat(5000), password: PASSWORD }],
    ['a huge password', { username: 'alice', password: 'p'.repeat(5000) }],
  ])('POST /login with %s re-renders the form with 400', async (_label, form) => {
    const res = await browser(t.app).submit('/login', '/login', form);
    expect(res.status).toBe(400);
    expect(res.text).toContain('action="/login"');
  });

  it.each([
    ['a repeated username', { username: ['carl', 'dan'], password: PASSWORD }],
    ['a repeated interaction', { username: 'carl', password: PASSWORD, interaction: ['a', 'b'] }],
    ['no fields', {}],
  ])('POST /signup with %s re-renders with 400', async (_label, form) => {
    expect((await browser(t.app).submit('/signup', '/signup', form)).status).toBe(400);
  });

  it('account forms with repeated or missing fields answer 400', async () => {
    const b = browser(t.app);
    await b.submit('/login', '/login', { username: 'alice', password: PASSWORD });
    const token = csrfToken((await b.get('/account')).text);
    expect((await b.post('/account/sessions/end', { _csrf: token, sid: ['x', 'y'] })).status).toBe(400);
    expect((await b.post('/account/apps/disconnect', { _csrf: token })).status).toBe(400);
  });

  it('answers odd bodies and queries with 4xx, never 5xx', async () => {
    const b = browser(t.app);
    const token = csrfToken((await b.get('/login')).text);
    const post = (type: string, body: string) =>
      request(t.app).post('/login').set('Cookie', b.cookieHeader()).set('Accept', 'text/html').set('Content-Type', type).send(body);
    const cases = [
      await post('application/x-www-form-urlencoded', `_csrf=${token}&username=%E0%A4%A&password=%`),
      await post('application/x-www-form-urlencoded', `_csrf=${token}&username=${'x'.repeat(20_000)}`),
      await post('application/json', JSON.stringify({ _csrf: token, username: { $ne: '' }, password: ['x'] })),
      await post('application/json', '{"_csrf": '),
      await post('text/plain', `_csrf=${token}&username=alice&password=x`),
      await post('application/x-www-form-urlencoded; charset=koi8-r', `_csrf=${token}`),
      await request(t.app).get('/login?interaction=a&interaction=b').set('Accept', 'text/html'),
      await request(t.app).get('/signup?interaction=' + 'x'.repeat(3000)).set('Accept', 'text/html'),
    ];
    for (const res of cases) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('sends a CSP without unsafe-inline, and the pages carry no inline script or style', async () => {
    const res = await browser(t.app).get('/login');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    // Scripts only from files of this origin (the passkey forms); nothing inline.
    expect(res.text).not.toMatch(/<script(?![^>]*\ssrc="\/static\/)|<style|\sstyle=|\son[a-z]+=/i);
    const css = await request(t.app).get('/static/styles.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/css/);
  });

  it('never writes a password to the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = createApp({ ...t.deps, logger: createLogger('trace', sink) });
    const b = browser(app);
    const secret = 'Sup3r-secret-passphrase-xyz';
    await b.submit('/signup', '/signup', { username: 'logcheck', email: 'logcheck@example.com', password: secret, confirm_password: secret });
    await browser(app).submit('/login', '/login', { username: 'logcheck', password: `${secret}-wrong` });
    await browser(app).submit('/login', '/login', { username: 'logcheck', password: [secret, secret] });
    await browser(app).submit('/login', '/login', { username: 'logcheck', password: secret });
    expect(lines.length).toBeGreaterThan(4);
    expect(lines.join('\n')).not.toContain('Sup3r-secret');
  });
});
