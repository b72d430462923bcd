import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createExpressServer } from '@sso/shared';
import { createApp } from '@sso/auth-server/app';
import { loadConfig } from '@sso/auth-server/config';
import { createKeyStore } from '@sso/auth-server/keys';
import { createLogger } from '@sso/auth-server/logger';
import { createMetrics } from '@sso/auth-server/metrics';
import { purgeOnce } from '@sso/auth-server/housekeeping';
import { openStore } from '@sso/auth-server/store';

/**
 * The auth server under `run large-store`, in a process of its own (forked by large-store.ts with
 * the same environment): the load generator's requests, responses and garbage stay in the parent,
 * so a slow answer is the server's or the machine's, not the client's. Served as in production
 * (createExpressServer). Purges on request over IPC and answers with the pass, its wall and CPU
 * time, and the event loop's worst delay while it ran.
 */
export interface PurgeReport {
  ms: number;
  cpuMs: number;
  maxEventLoopDelayMs: number;
  result: Awaited<ReturnType<typeof purgeOnce>>;
}

const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', RATE_LIMIT_LOGIN_PER_MINUTE: '1000000000' });
const store = await openStore({ databaseUrl: config.databaseUrl, sqlitePath: config.sqlitePath });
const clock = () => Date.now();
const keys = createKeyStore({ store, clock, config });
const app = createApp({ config, store, keys, clock, logger: createLogger('silent'), metrics: createMetrics(), fetch });
const server = createExpressServer(app).listen(0, '127.0.0.1');
await once(server, 'listening');

async function purge(): Promise<PurgeReport> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await purgeOnce({ store, clock, config });
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  loop.disable();
  return { ms, cpuMs: (used.user + used.system) / 1000, maxEventLoopDelayMs: loop.max / 1e6, result };
}

process.on('message', (message: 'purge' | 'stop') => {
  if (message === 'purge') {
    void purge().then((report) => process.send!(report));
    return;
  }
  server.closeAllConnections();
  server.close(() => void store.close().then(() => process.disconnect()));
});
process.send!({ port: (server.address() as AddressInfo).port });
