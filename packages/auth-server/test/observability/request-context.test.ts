import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { requestContext } from '../../src/http/request-context.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';

interface Line {
  msg: string;
  reqId?: string;
  status?: number;
  path?: string;
}

/** An app with only the request context and one route that logs through req.log, logging to memory. */
function appLoggingTo(lines: Line[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  const metrics = createMetrics();
  const app = express();
  app.use(requestContext(app, createLogger('debug', sink), metrics));
  app.get('/work', (req, res) => {
    req.log.warn('from the handler');
    req.log.warn('again');
    res.json({ ok: true });
  });
  return { app, metrics };
}

test('every log line of a request carries the id echoed in X-Request-Id, the access log included', async () => {
  const lines: Line[] = [];
  const { app, metrics } = appLoggingTo(lines);
  const res = await request(app).get('/work');
  const id = res.get('X-Request-Id');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(lines.map((l) => [l.msg, l.reqId])).toEqual([
    ['request started', id],
    ['from the handler', id],
    ['again', id],
    ['request', id],
  ]);
  expect(lines.at(-1)).toMatchObject({ path: '/work', status: 200 });
  expect(await metrics.registry.metrics()).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/work",status="200"\} 1/);
});

test('a well-formed incoming X-Request-Id is kept; anything else is replaced', async () => {
  const lines: Line[] = [];
  const { app } = appLoggingTo(lines);
  const kept = await request(app).get('/work').set('X-Request-Id', 'edge-42.a_b');
  expect(kept.get('X-Request-Id')).toBe('edge-42.a_b');
  expect(lines.filter((l) => l.reqId === 'edge-42.a_b')).toHaveLength(4);

  const replaced = await request(app).get('/work').set('X-Request-Id', 'no spaces or <tags>');
  expect(replaced.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
});

test('two requests in flight keep their own ids in req.log', async () => {
  const lines: Line[] = [];
  const { app } = appLoggingTo(lines);
  const [a, b] = await Promise.all([request(app).get('/work'), request(app).get('/work')]);
  for (const res of [a, b]) {
    expect(lines.filter((l) => l.msg === 'from the handler' && l.reqId === res.get('X-Request-Id'))).toHaveLength(1);
  }
});
