import { redirectTarget } from '../../src/oauth/consent-router.js';
import { Browser } from '../helpers/browser.js';
import { authorizationRequest, clientDefaults, discover, follow, SECRET, signInThrough, startOidcFixture, type OidcFixture } from './oidc.fixture.js';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** The consent page says where the browser goes next, so a look-alike app can be told apart. */
describe('consent page: where the app sends the user', () => {
  let f: OidcFixture;
  beforeAll(async () => {
    f = await startOidcFixture();
    await f.ctx.store.clients.create(
      clientDefaults({ clientId: 'partner', name: 'Partner Reports', firstParty: false, redirectUris: ['https://reports.partner.example:8443/oidc/cb'] }),
      f.ctx.clock(),
    );
  });
  afterAll(() => f.close());

  it('names the host of the redirect URI the request uses', async () => {
    const browser = new Browser(f.issuer);
    await signInThrough(browser, f.issuer, (await authorizationRequest(f.web)).url);
    const partner = await discover(f.issuer, 'partner', SECRET);
    const req = await authorizationRequest(partner, { scope: 'openid profile' }, 'https://reports.partner.example:8443/oidc/cb');
    const page = await follow(browser, await browser.get(req.url.toString()), f.issuer);
    expect(page.status).toBe(200);
    const shown = text(await page.text());
    expect(shown).toContain('Allow Partner Reports?');
    expect(shown).toContain('Whatever you choose, you will then be sent to reports.partner.example:8443 .');
  });

  it('shows the scheme of a native app and nothing for a missing or broken URI', () => {
    expect(redirectTarget('https://app.example.com/cb?x=1')).toBe('app.example.com');
    expect(redirectTarget('com.example.app:/oauth2redirect')).toBe('com.example.app://');
    expect(redirectTarget(undefined)).toBeNull();
    expect(redirectTarget('not a url')).toBeNull();
  });
});
