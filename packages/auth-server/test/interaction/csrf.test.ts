import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { browser, csrfToken } from './browser.js';
import { makeAccount, PASSWORD } from './fixtures.js';

describe('CSRF protection of the forms', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
    await makeAccount(t.store, t.clock(), 'alice');
  });
  afterAll(() => t.close());

  it.each(['/login', '/signup', '/logout', '/account/sessions/end', '/account/sign-out-everywhere'])('%s refuses a post without a token (403)', async (path) => {
    const b = browser(t.app);
    await b.get('/login'); // has the CSRF cookie, but sends no field
    const res = await b.post(path, { username: 'alice', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Reload the page');
  });

  it('refuses a wrong token (403)', async () => {
    const b = browser(t.app);
    const token = csrfToken((await b.get('/login')).text);
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect((await b.post('/login', { _csrf: forged, username: 'alice', password: PASSWORD })).status).toBe(403);
  });

  it("refuses another browser's token with this browser's cookie (403)", async () => {
    const attacker = browser(t.app);
    const token = csrfToken((await attacker.get('/login')).text);
    const victim = browser(t.app);
    await victim.get('/login');
    expect((await victim.post('/login', { _csrf: token, username: 'alice', password: PASSWORD })).status).toBe(403);
  });

  it('refuses a token without its cookie (403), and accepts the matching pair', async () => {
    const b = browser(t.app);
    const token = csrfToken((await b.get('/login')).text);
    const cookieless = browser(t.app);
    expect((await cookieless.post('/login', { _csrf: token, username: 'alice', password: PASSWORD })).status).toBe(403);
    expect((await b.post('/login', { _csrf: token, username: 'alice', password: PASSWORD })).status).toBe(303);
  });
});
