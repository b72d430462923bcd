import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../src/logger.js';
import { HOUR_MS, TOKENS_ISSUED } from '../../src/observability/activity-counts.js';
import { startServer } from '../../src/server.js';
import { openStore } from '../../src/store/index.js';

test('tokens counted since the last periodic flush are flushed at shutdown', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'activity-'));
  const sqlitePath = join(dir, 'auth.db');
  try {
    const server = await startServer({ NODE_ENV: 'test', PORT: '0', SQLITE_PATH: sqlitePath, OUTBOX_POLL_MS: '60000' }, { logger: createLogger('silent') });
    // Well within the 15 s interval: only the flush at close can have written it.
    server.deps.metrics.tokensIssued.inc({ grant_type: 'client_credentials' }, 3);
    const hour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
    await server.close();
    const store = await openStore({ sqlitePath });
    const rows = await store.stats.activityHourly(TOKENS_ISSUED, hour - HOUR_MS, hour + 2 * HOUR_MS);
    await store.close();
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
