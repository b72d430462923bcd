import express from 'express';
import request from 'supertest';
import { createAccessTokenVerifier, getAuth, requireAuth, requireRole, requireScope } from '../src/index.js';
import { startTestIssuer } from '../src/testing/index.js';
import type { TestIssuer } from '../src/testing/index.js';

describe('requireAuth / requireScope / requireRole', () => {
  let issuer: TestIssuer;
  let app: express.Express;
  let token: string;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    const verifier = createAccessTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri });
    app = express();
    app.use(express.urlencoded({ extended: false }));
    const auth = requireAuth(verifier, { realm: 'test-api' });
    app.get('/me', auth, (req, res) => {
      const { subject, scopes, roles, clientId } = getAuth(req);
      res.json({ subject, scopes, roles, clientId });
    });
    app.post('/me', auth, (req, res) => res.json({ subject: getAuth(req).subject }));
    app.get('/read', auth, requireScope('notes:read'), (_req, res) => res.json({ ok: true }));
    app.get('/both', auth, requireScope('notes:read', 'notes:admin'), (_req, res) => res.json({ ok: true }));
    app.get('/admin', auth, requireRole('admin'), (_req, res) => res.json({ ok: true }));
    token = await issuer.sign({ scope: 'notes:read' });
  });
  afterAll(() => issuer.stop());

  it('sets req.auth from a valid Bearer token (scheme is case-insensitive)', async () => {
    const res = await request(app).get('/me').set('Authorization', `bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ subject: 'user-1', scopes: ['notes:read'], roles: [], clientId: 'app-a' });
  });

  it('answers a request without a token with a bare challenge (RFC 6750 §3)', async () => {
    const res = await request(app).get('/me');
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="test-api"');
    expect(res.body).toMatchObject({ error: 'unauthorized', message: 'Token is missing' });
  });

  it.each([
    ['Basic credentials', 'Basic dXNlcjpwYXNz'],
    ['garbage without a scheme', 'garbage'],
  ])('treats %s as no Bearer token', async (_name, header) => {
    const res = await request(app).get('/me').set('Authorization', header);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="test-api"');
  });

  it.each([
    ['"Bearer" alone', 'Bearer'],
    ['"Bearer" and spaces', 'Bearer    '],
    ['two tokens', 'Bearer abc def'],
    ['characters outside b64token', 'Bearer abc"def'],
  ])('refuses %s as invalid_request', async (_name, header) => {
    const res = await request(app).get('/me').set('Authorization', header);
    expect(res.status).toBe(400);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="test-api", error="invalid_request", error_description="[^"]+"$/);
    expect(res.body).toHaveProperty('error', 'invalid_request');
  });

  it('refuses a token in the query string, even alongside a valid header (RFC 6750 §2.3, RFC 9700 §4.3.2)', async () => {
    for (const req of [request(app).get(`/me?access_token=${token}`), request(app).get(`/me?access_token=${token}`).set('Authorization', `Bearer ${token}`)]) {
      const res = await req;
      expect(res.status).toBe(400);
      expect(res.headers['www-authenticate']).toContain('error="invalid_request"');
      expect(res.text).not.toContain(token);
    }
  });

  it('ignores a token in a form body (only the header is read)', async () => {
    const res = await request(app).post('/me').type('form').send({ access_token: token });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="test-api"');
  });

  it('answers an invalid token with invalid_token and never echoes it', async () => {
    const bad = `${token.slice(0, -4)}AAAA`;
    const res = await request(app).get('/me').set('Authorization', `Bearer ${bad}`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="test-api", error="invalid_token", error_description="the token signature is invalid"');
    expect(res.body).toEqual({ error: 'invalid_token', error_description: 'the token signature is invalid', message: 'Token is invalid' });
    expect(res.text + res.headers['www-authenticate']).not.toContain(bad.slice(-20));
  });

  it('answers 403 insufficient_scope naming every needed scope', async () => {
    expect((await request(app).get('/read').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const res = await request(app).get('/both').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toBe(
      'Bearer realm="test-api", error="insufficient_scope", error_description="the token lacks the scope notes:admin", scope="notes:read notes:admin"',
    );
    expect(res.body).toHaveProperty('message', 'Token lacks the required scope: notes:admin');
  });

  it('answers 403 when the role is missing and passes when present', async () => {
    const res = await request(app).get('/admin').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(403);
    expect(res.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(res.body).toHaveProperty('message', 'This needs the admin role');
    const admin = await issuer.sign({ roles: ['admin'] });
    expect((await request(app).get('/admin').set('Authorization', `Bearer ${admin}`)).status).toBe(200);
  });
});
