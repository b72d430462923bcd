import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express, { Router } from 'express';
import { createExpressServer } from '@sso/shared';
import { startTestIssuer, watchPrototypeChanges } from '@sso/shared/testing';
import { startServer } from '../src/server.js';

describe('createExpressServer (shared/src/express-server.ts)', () => {
  it('hands Express requests and responses that already have its prototypes: Express changes none', async () => {
    const app = express();
    const router = Router();
    router.get('/hello/:name', (req, res) => {
      res.status(201).set('X-Host', req.get('host')).json({ hello: req.params.name, app: req.app === app, query: req.query });
    });
    app.use('/api', router);
    app.get('/fail', () => {
      throw new Error('boom');
    });
    app.use((_err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).json({ error: 'handled' });
    });
    const server = createExpressServer(app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const watch = watchPrototypeChanges();
    try {
      const res = await fetch(`${base}/api/hello/ada?x=1`);
      expect(res.status).toBe(201);
      expect(res.headers.get('x-host')).toBe(new URL(base).host);
      expect(await res.json()).toEqual({ hello: 'ada', app: true, query: { x: '1' } });
      expect((await fetch(`${base}/fail`)).status).toBe(500);
      expect((await fetch(`${base}/missing`)).status).toBe(404);
      expect(watch.changed).toEqual([]);

      // The same app behind node:http's own classes, as app.listen builds it: Express changes both, per request.
      const plain = app.listen(0, '127.0.0.1');
      await once(plain, 'listening');
      try {
        expect((await fetch(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/api/hello/bob`)).status).toBe(201);
      } finally {
        plain.close();
      }
      expect(watch.changed).toEqual(['IncomingMessage', 'ServerResponse']);
    } finally {
      watch.restore();
      server.close();
    }
  });

  it('the resource API serves through it', async () => {
    const issuer = await startTestIssuer();
    const server = await startServer({ PORT: '0', NOTES_DB: ':memory:', JWKS_URI: issuer.jwksUri, LOG_LEVEL: 'silent' });
    const watch = watchPrototypeChanges();
    try {
      const res = await fetch(`${server.url}/protected`, { headers: { Authorization: `Bearer ${await issuer.sign()}` } });
      expect(res.status).toBe(200);
      expect(watch.changed).toEqual([]);
    } finally {
      watch.restore();
      await server.close();
      await issuer.stop();
    }
  });
});
