import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { browser } from '../interaction/browser.js';

/** Headers that protect any response, and those that only mean something to an HTML document. */
const EVERY = ['content-security-policy', 'cross-origin-resource-policy', 'strict-transport-security', 'x-content-type-options', 'x-frame-options', 'referrer-policy'];
const DOCUMENT_ONLY = ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection'];

describe('security headers', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it.each([
    ['GET /healthz', () => request(t.app).get('/healthz')],
    ['GET /jwks', () => request(t.app).get('/jwks')],
    ['POST /token (an error)', () => request(t.app).post('/token').type('form').send({ grant_type: 'client_credentials' })],
    ['GET /authorize (a redirect or error)', () => request(t.app).get('/authorize?client_id=nobody')],
  ])('%s carries the headers for any content and none of the document-only ones', async (_label, send) => {
    const res = await send();
    for (const name of EVERY) expect(res.headers).toHaveProperty(name);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    for (const name of DOCUMENT_ONLY) expect(res.headers).not.toHaveProperty(name);
  });

  it.each([
    ['a page', () => browser(t.app).get('/login')],
    ['an error page', () => request(t.app).get('/no-such-page').set('Accept', 'text/html')],
  ])('%s carries both sets', async (_label, send) => {
    const res = await send();
    expect(res.headers['content-type']).toMatch(/text\/html/);
    for (const name of [...EVERY, ...DOCUMENT_ONLY]) expect(res.headers).toHaveProperty(name);
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  });
});
