import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/test-context.js';

/** UserInfo reads the token with @sso/access-token's extractBearerToken and answers with its bearerChallenge. */
describe('UserInfo token transport (RFC 6750 §2-3, OpenID Connect Core §5.3)', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  test('no token: 401 with a bare challenge', async () => {
    const res = await request(t.app).get('/userinfo');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="userinfo"');
  });

  test('a token sent in the header and the form body: 400 invalid_request (RFC 6750 §2)', async () => {
    const res = await request(t.app).post('/userinfo').set('Authorization', 'Bearer abc').type('form').send({ access_token: 'abc' });
    expect(res.status).toBe(400);
    expect(res.body).toHaveProperty('error', 'invalid_request');
    expect(res.headers['www-authenticate']).toContain('error="invalid_request"');
  });

  test('a malformed Bearer header: 400 invalid_request (RFC 6750 §3.1)', async () => {
    const res = await request(t.app).get('/userinfo').set('Authorization', 'Bearer a b');
    expect(res.status).toBe(400);
    expect(res.body).toHaveProperty('error', 'invalid_request');
  });

  test('a token in the URL is refused (RFC 6750 §2.3, RFC 9700 §4.3.2)', async () => {
    const res = await request(t.app).get('/userinfo?access_token=abc');
    expect(res.status).toBe(400);
  });

  test('a form-body token is read and checked: an unknown one is invalid_token', async () => {
    const res = await request(t.app).post('/userinfo').type('form').send({ access_token: 'abc.def.ghi' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });
});
