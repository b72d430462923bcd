import request from 'supertest';
import { appFixture, ISSUER } from './fixtures/app-fixture.js';

/** What a visitor reads on the demo app's error page: what happened, what to do, a way back. */
const text = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1]?.trim();

describe('error page', () => {
  it('404 says the page does not exist, what to do, and links back to the app', async () => {
    const f = await appFixture();
    const res = await request(f.app).get('/no-such-page');
    expect(res.status).toBe(404);
    expect(text(res.text, 'error-heading')).toBe('This page does not exist');
    expect(text(res.text, 'error-message')).toBe('Check the address for typos, or follow the link that brought you here again.');
    expect(text(res.text, 'error-back')).toBe('Back to App A');
    expect(res.text).toContain('<title>This page does not exist · App A</title>');
  });

  it('a refused sign-in says what the auth server answered and how to start again', async () => {
    const f = await appFixture();
    const start = await request(f.app).get('/login?interactive=1');
    const state = new URL(start.headers.location!).searchParams.get('state')!;
    const cookie = (start.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
    const res = await request(f.app)
      .get(`/callback?error=access_denied&error_description=The+user+declined&state=${state}&iss=${encodeURIComponent(ISSUER)}`)
      .set('Cookie', cookie);
    expect(res.status).toBe(400);
    expect(text(res.text, 'error-heading')).toBe('This request could not be completed');
    expect(text(res.text, 'error-message')).toBe('The auth server did not sign you in (access_denied: The user declined). Sign in again from the home page.');
    expect(res.text).toContain('href="/" id="error-back"');
  });
});
