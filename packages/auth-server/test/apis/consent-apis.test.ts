import { runApis } from '../../src/cli/apis-cli.js';
import { Browser, location, postForm } from '../helpers/browser.js';
import { authorizationRequest, discover, follow, SECRET, signInThrough, startOidcFixture, type OidcFixture } from '../oidc/oidc.fixture.js';

const REPORTS = 'https://reports.example.com';

/** The consent and account pages name each API and describe its scopes as registered. */
describe('consent per API', () => {
  let f: OidcFixture;
  beforeAll(async () => {
    f = await startOidcFixture();
    const cli = { store: f.ctx.store, clock: f.ctx.clock, config: f.ctx.config, out: { log: () => undefined } };
    await runApis(cli, ['create', '--identifier', REPORTS, '--name', 'Quarterly Reports', '--scope', 'reports:read=Read your quarterly reports']);
    const tp = (await f.ctx.store.clients.findById('third-party'))!;
    await f.ctx.store.clients.update('third-party', { scopes: [...tp.scopes, 'reports:read'] }, f.ctx.clock());
  });
  afterAll(() => f.close());

  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  test('lists what each API is asked for; a scope not yet granted asks again; the account page describes the access', async () => {
    const tp = await discover(f.issuer, 'third-party', SECRET);
    const browser = new Browser(f.issuer);
    await signInThrough(browser, f.issuer, (await authorizationRequest(f.web)).url);

    const ask = async (params: Record<string, string>) => {
      const req = await authorizationRequest(tp, params, 'https://tp.example/cb');
      return follow(browser, await browser.get(req.url.toString()), f.issuer);
    };
    const allow = async (page: Response) => {
      const form = postForm(await page.text(), 'decision');
      const back = await follow(browser, await browser.post('/consent', { ...form.fields, decision: 'allow' }), f.issuer);
      expect(new URL(location(back)).searchParams.get('code')).toBeTruthy();
    };

    const first = await ask({ scope: 'openid profile notes:read' });
    expect(first.status).toBe(200);
    const firstHtml = await first.clone().text();
    expect(text(firstHtml)).toContain('Your account Sign you in with your account openid See your name and username profile');
    expect(text(firstHtml)).toContain('In Notes API Read your notes notes:read');
    expect(firstHtml).not.toContain('(new)');
    await allow(first);

    // Approved: the same request goes straight through.
    const same = await ask({ scope: 'openid profile notes:read' });
    expect(new URL(location(same)).searchParams.get('code')).toBeTruthy();

    // One more scope, of another API: asked again, the new one pointed out, the old ones still listed.
    const wider = await ask({ scope: 'openid profile notes:read reports:read', resource: REPORTS });
    expect(wider.status).toBe(200);
    const widerText = text(await wider.clone().text());
    expect(widerText).toContain('In Quarterly Reports Read your quarterly reports (new) reports:read');
    expect(widerText).toContain('In Notes API Read your notes notes:read');
    await allow(wider);
    const consent = await f.ctx.store.consents.find(f.account.id, 'third-party');
    expect(consent?.scopes).toEqual(expect.arrayContaining(['openid', 'profile', 'notes:read', 'reports:read']));
    // The earlier, narrower request is still covered.
    expect(new URL(location(await ask({ scope: 'openid notes:read' }))).searchParams.get('code')).toBeTruthy();

    const account = text(await (await browser.get('/account')).text());
    expect(account).toContain('Third Party');
    expect(account).toContain('Notes API: Read your notes');
    expect(account).toContain('Quarterly Reports: Read your quarterly reports');
    expect(account).toContain('Your account: Sign you in with your account, See your name and username');
  });
});
