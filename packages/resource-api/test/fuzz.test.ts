import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runFuzz, type FuzzTarget } from '@sso/shared/testing';
import request from 'supertest';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const TARGETS: FuzzTarget[] = [
  { method: 'GET', path: '/public' },
  { method: 'GET', path: '/protected', params: ['access_token'] },
  { method: 'GET', path: '/admin', params: ['access_token'] },
  { method: 'GET', path: '/notes', params: ['access_token'] },
  { method: 'POST', path: '/notes', params: ['text', 'access_token'] },
  { method: 'DELETE', path: '/notes/1', params: ['access_token'] },
  { method: 'OPTIONS', path: '/notes' },
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/nowhere' },
];

let t: TestApp;
let server: ReturnType<typeof createServer>;
let url: string;
beforeAll(async () => {
  t = await startTestApp();
  server = createServer(t.app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await t.close();
});

test('thousands of malformed requests: no 5xx, no hang, and valid tokens still work afterwards', async () => {
  const result = await runFuzz(url, TARGETS, { count: 2000, seed: 4001, concurrency: 8 });
  expect(result.sent).toBe(2000);
  expect(result.failures).toEqual([]);
  expect(Object.keys(result.statuses).length).toBeGreaterThan(3);

  const token = await t.issuer.sign({ sub: 'user-1', scope: 'notes:read notes:write' });
  const res = await request(t.app).get('/protected').set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(200);
});

test('a path parameter that is not valid percent-encoding is a 400, not a 500', async () => {
  const token = await t.issuer.sign({ sub: 'user-1', scope: 'notes:read notes:write' });
  for (const method of ['delete', 'post'] as const) {
    const res = await request(t.app)[method]('/notes/%C0%AF').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(res.body).toHaveProperty('error', 'invalid_request');
  }
});
