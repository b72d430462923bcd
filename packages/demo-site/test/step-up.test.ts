import request from 'supertest';
import { appFixture, ISSUER } from './fixtures/app-fixture.js';

describe('step-up before the sensitive page', () => {
  it('a password-only sign-in sees a step-up offer; /login?stepUp=1 asks authorize with acr_values, not silently', async () => {
    const f = await appFixture();
    const { session, cookie } = f.signIn();
    session.user!.claims = { ...session.user!.claims, acr: 'urn:sso:acr:1fa', amr: ['pwd'] };
    const page = await request(f.app).get('/sensitive').set('Cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="step-up"');
    expect(page.text).not.toContain('id="sensitive-content"');

    const href = /id="step-up-link" href="([^"]+)"/.exec(page.text)![1]!.replace(/&amp;/g, '&');
    const login = await request(f.app).get(href).set('Cookie', cookie);
    expect(login.status).toBe(303);
    const url = new URL(login.headers.location!);
    expect(`${url.origin}${url.pathname}`).toBe(`${ISSUER}/authorize`);
    expect(url.searchParams.get('acr_values')).toBe('urn:sso:acr:mfa');
    expect(url.searchParams.get('prompt')).toBeNull();
  });

  it('a sign-in with a second factor sees the page, and How it works shows amr and acr', async () => {
    const f = await appFixture();
    const { session, cookie } = f.signIn();
    session.user!.claims = { ...session.user!.claims, acr: 'urn:sso:acr:mfa', amr: ['pwd', 'otp', 'mfa'] };
    // The fixture's placeholder tokens do not decode; this page part reads the claims only.
    session.tokens = undefined;
    const page = await request(f.app).get('/sensitive').set('Cookie', cookie);
    expect(page.text).toContain('id="sensitive-content"');
    const how = await request(f.app).get('/how-it-works').set('Cookie', cookie);
    expect(how.text).toMatch(/id="amr">pwd, otp, mfa</);
    expect(how.text).toMatch(/id="acr">urn:sso:acr:mfa</);
  });
});
