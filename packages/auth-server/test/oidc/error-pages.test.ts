import request from 'supertest';
import { startOidcFixture, type OidcFixture } from './oidc.fixture.js';

/** What a visitor reads on an error page: what happened, what to do, and a way back. */
let f: OidcFixture;
beforeAll(async () => {
  f = await startOidcFixture();
});
afterAll(() => f.close());

const page = (path: string) => request(f.ctx.app).get(path).set('Accept', 'text/html');
const text = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1]?.trim();

describe('error pages', () => {
  test('a bad authorization request from a known client links back to that application', async () => {
    const q = new URLSearchParams({ client_id: 'web-app', redirect_uri: 'https://evil.example/cb', response_type: 'code', scope: 'openid' });
    const res = await page(`/authorize?${q.toString()}`);
    expect(res.status).toBe(400);
    expect(text(res.text, 'error-heading')).toBe('This request could not be completed');
    expect(text(res.text, 'error-message')).toContain('redirect_uri');
    expect(text(res.text, 'error-advice')).toMatch(/^Go back to .+ and start again from there\.$/);
    expect(res.text).toMatch(/<a href="https:\/\/rp\.example\/" id="error-back">Back to [^<]+<\/a>/);
    expect(res.text).not.toContain('evil.example/cb"'); // never a link to the unverified URI
    expect(res.text).not.toContain('Something went wrong');
  });

  test('an unknown client: the page says so and offers the account page, as no application is known', async () => {
    const res = await page('/authorize?client_id=nobody&redirect_uri=https%3A%2F%2Frp.example%2Fcallback');
    expect(res.status).toBe(400);
    expect(text(res.text, 'error-message')).toBe('Unknown client');
    expect(text(res.text, 'error-advice')).toBe('Go back to the page you came from and start again.');
    expect(res.text).toMatch(/<a href="\/account" id="error-back">Go to your account<\/a>/);
  });

  test('404 has the same page: what happened, what to do', async () => {
    const res = await page('/no-such-page');
    expect(res.status).toBe(404);
    expect(text(res.text, 'error-heading')).toBe('This page does not exist');
    expect(text(res.text, 'error-advice')).toContain('Check the address');
    expect(res.text).toContain('id="error-back"');
  });

  test('an API client still gets JSON, not the page', async () => {
    const res = await request(f.ctx.app).get('/no-such-page').set('Accept', 'application/json');
    expect(res.status).toBe(404);
    expect(res.body).toHaveProperty('error', 'not_found');
  });
});

describe('error pages at end-session', () => {
  test('an unregistered post_logout_redirect_uri of a known client links back to that application, not to the URI', async () => {
    const q = new URLSearchParams({ client_id: 'other-app', post_logout_redirect_uri: 'https://evil.example/bye' });
    const res = await page(`/end-session?${q.toString()}`);
    expect(res.status).toBe(400);
    expect(text(res.text, 'error-message')).toBe('post_logout_redirect_uri is not registered for this client');
    expect(res.text).toMatch(/<a href="https:\/\/other\.example\/" id="error-back">Back to Other App<\/a>/);
    expect(res.text).not.toContain('evil.example');
  });
});
