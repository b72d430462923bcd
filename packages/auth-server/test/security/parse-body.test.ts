import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { errorHandler } from '../../src/http/error-handler.js';
import { parseBody } from '../../src/http/parse-body.js';
import { createLogger } from '../../src/logger.js';

/** parseBody and the app's error handler, with a route that shows what the handler received. */
function echoApp() {
  const app = express();
  app.use(parseBody());
  app.all('/echo', (req, res) => {
    res.json({ hasBody: 'body' in req && req.body !== undefined, body: req.body as unknown });
  });
  app.use(errorHandler(createLogger('silent')));
  return app;
}
const app = echoApp();

test('a request without content reaches the handler with no body', async () => {
  expect((await request(app).get('/echo')).body).toEqual({ hasBody: false });
  expect((await request(app).delete('/echo')).body).toEqual({ hasBody: false });
});

test('form and JSON bodies are parsed; other types are left alone', async () => {
  expect((await request(app).post('/echo').type('form').send('a=1&b=two')).body).toEqual({ hasBody: true, body: { a: '1', b: 'two' } });
  // The simple parser keeps `a[b]` a plain key (no nested objects).
  expect((await request(app).post('/echo').type('form').send('a[b]=1')).body).toEqual({ hasBody: true, body: { 'a[b]': '1' } });
  expect((await request(app).post('/echo').send({ name: 'x', n: 2 })).body).toEqual({ hasBody: true, body: { name: 'x', n: 2 } });
  expect((await request(app).post('/echo').type('text/plain').send('hello')).body).toEqual({ hasBody: false });
});

test('a chunked body (Transfer-Encoding, no Content-Length) is parsed too', async () => {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const text = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/echo', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' } }, (res) => {
        let out = '';
        res.setEncoding('utf8').on('data', (c: string) => (out += c)).on('end', () => resolve(out));
      });
      req.on('error', reject);
      req.write('grant_type=client_');
      req.end('credentials');
    });
    expect(JSON.parse(text)).toEqual({ hasBody: true, body: { grant_type: 'client_credentials' } });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('bad bodies are 4xx invalid_request, never 500', async () => {
  const tooLarge = await request(app).post('/echo').type('form').send(`a=${'x'.repeat(17 * 1024)}`);
  expect(tooLarge.status).toBe(413);
  expect(tooLarge.body).toMatchObject({ error: 'invalid_request', error_description: 'The request body is too large' });

  const tooMany = await request(app)
    .post('/echo')
    .type('form')
    .send(Array.from({ length: 65 }, (_, i) => `p${i}=1`).join('&'));
  expect(tooMany.status).toBe(413);
  expect(tooMany.body).toMatchObject({ error: 'invalid_request', error_description: 'Too many parameters' });

  const malformed = await request(app).post('/echo').set('content-type', 'application/json').send('{"a":');
  expect(malformed.status).toBe(400);
  expect(malformed.body).toMatchObject({ error: 'invalid_request', error_description: 'The request body could not be parsed' });

  const charset = await request(app).post('/echo').set('content-type', 'application/x-www-form-urlencoded; charset=koi8-r').send('a=1');
  expect(charset.status).toBe(415);

  const jsonTooLarge = await request(app).post('/echo').send({ a: 'x'.repeat(17 * 1024) });
  expect(jsonTooLarge.status).toBe(413);
});
