import express from 'express';
import request from 'supertest';
import { bodyParserError, extractBearerToken } from '../src/index.js';
import type { ExtractBearerOptions } from '../src/index.js';

/** The one copy of Bearer extraction and body-parser mapping that auth-server and resource servers share. */
function appWith(options: ExtractBearerOptions) {
  const app = express();
  app.use(express.urlencoded({ extended: false, limit: '1kb' }), express.json({ limit: '1kb' }));
  app.post('/t', (req, res) => {
    const extracted = extractBearerToken(req, options);
    res.json(extracted.kind === 'refused' ? { kind: 'refused', ...extracted.error.toJSON() } : extracted);
  });
  app.use(((err, _req, res, _next) => {
    const mapped = bodyParserError(err);
    res.status(mapped?.status ?? 500).json(mapped?.toJSON() ?? { error: 'server_error' });
  }) as express.ErrorRequestHandler);
  return app;
}

describe('extractBearerToken with formBody (RFC 6750 §2.2, OpenID Connect Core §5.3.1)', () => {
  const app = appWith({ formBody: true });

  it('takes the token from a form-encoded body', async () => {
    const res = await request(app).post('/t').type('form').send({ access_token: 'abc.def-ghi' });
    expect(res.body).toEqual({ kind: 'token', token: 'abc.def-ghi' });
  });

  it('refuses a token sent two ways (RFC 6750 §2)', async () => {
    const res = await request(app).post('/t').set('Authorization', 'Bearer abc').type('form').send({ access_token: 'abc' });
    expect(res.body).toMatchObject({ kind: 'refused', error: 'invalid_request', error_description: 'send the access token one way only' });
  });

  it('refuses a malformed body token', async () => {
    const res = await request(app).post('/t').type('form').send('access_token=a%20b&access_token=c');
    expect(res.body).toMatchObject({ kind: 'refused', error: 'invalid_request' });
  });

  it('ignores the body without formBody: a resource server reads the header only', async () => {
    const res = await request(appWith({})).post('/t').type('form').send({ access_token: 'abc' });
    expect(res.body).toEqual({ kind: 'none' });
  });
});

describe('bodyParserError', () => {
  const app = appWith({});

  it('maps unparsable JSON to 400 invalid_request', async () => {
    const res = await request(app).post('/t').type('json').send('{"a":');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_request', error_description: 'The request body could not be parsed' });
  });

  it('maps an oversized body to 413', async () => {
    const res = await request(app).post('/t').type('json').send(JSON.stringify({ a: 'x'.repeat(2000) }));
    expect(res.status).toBe(413);
    expect(res.body).toHaveProperty('error', 'invalid_request');
  });

  it('maps an unsupported charset to 415', async () => {
    const res = await request(app).post('/t').set('Content-Type', 'application/json; charset=klingon').send('{}');
    expect(res.status).toBe(415);
  });

  it('leaves errors that are not the client’s to the caller', () => {
    expect(bodyParserError(new Error('boom'))).toBeUndefined();
    expect(bodyParserError(undefined)).toBeUndefined();
  });
});
