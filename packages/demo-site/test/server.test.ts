import { pino } from 'pino';
import { watchPrototypeChanges } from '@sso/shared/testing';
import { startDemoApp } from '../src/server.js';

describe('startDemoApp', () => {
  it('listens on an ephemeral port first, then serves through its app with Express’s prototypes already in place', async () => {
    const app = await startDemoApp({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }, { logger: pino({ level: 'silent' }) });
    const watch = watchPrototypeChanges();
    try {
      // The default BASE_URL names app-a.localhost with the port chosen at listen time.
      expect(app.url).toBe(`http://app-a.localhost:${app.port}`);
      const res = await fetch(`http://127.0.0.1:${app.port}/healthz`);
      expect(res.status).toBe(200);
      expect(watch.changed).toEqual([]);
    } finally {
      watch.restore();
      await app.close();
    }
  });
});
