import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/logger.js';
import { startServer } from '../../src/server.js';

/**
 * The server node:http builds for the app creates requests and responses with Express's prototypes
 * (shared/src/express-server.ts): Express's per-request Object.setPrototypeOf, which cost more than
 * the rest of its pipeline, then has nothing to change.
 */
test('requests reach the app already carrying Express’s request and response methods', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'prototypes-'));
  const running = await startServer({ NODE_ENV: 'test', PORT: '0', SQLITE_PATH: join(dir, 'auth.db'), OUTBOX_POLL_MS: '60000' }, { logger: createLogger('silent') });
  const seen: { get: string; json: string }[] = [];
  // Runs before the app's listener, so before Express touches the objects.
  running.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    seen.push({ get: typeof (req as unknown as Record<string, unknown>).get, json: typeof (res as unknown as Record<string, unknown>).json });
  });
  try {
    const res = await fetch(`${running.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    expect(seen).toEqual([{ get: 'function', json: 'function' }]);
  } finally {
    await running.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
