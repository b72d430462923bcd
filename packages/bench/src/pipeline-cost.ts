import { mkdtemp, rm } from 'node:fs/promises';
import type { RequestListener } from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { expressMessageClasses, type MessageClasses } from '@sso/shared';
import { basic, form } from './bench-client.js';
import type { startServer as StartServer } from '@sso/auth-server/server';
import { BENCH, registerBenchFixtures } from './fixtures.js';
import { exchange, type MemoryRequest } from './in-memory-exchange.js';
import { readCpuMs, readStatCpuMs } from './proc-memory.js';
import { median } from './rounds.js';

/**
 * `pnpm --filter @sso/bench run pipeline-cost`: main-thread CPU per request of the auth server's
 * pipeline (built dist) and of a bare Express app, requests driven in memory (in-memory-exchange.ts),
 * interleaved rounds. Steadier than requests per second on a shared machine: no sockets, no load
 * generator, and CPU time rather than wall time. The RSA work of /token runs on the thread pool and
 * is not in these figures; its dispatch is.
 */
const perRound = Number(process.env.PIPELINE_REQUESTS ?? 3000);
const rounds = Number(process.env.PIPELINE_ROUNDS ?? 8);
const inFlight = 10;
// /proc/self/task/<pid>/stat is the main thread only (V8's GC helpers and the pool are other tasks).
const mainThreadCpuUs = (): number => readStatCpuMs(`/proc/self/task/${process.pid}/stat`) * 1000;
// Every thread, so also the RSA signature on the pool.
const processCpuUs = (): number => readCpuMs(process.pid) * 1000;

const dir = await mkdtemp(join(os.tmpdir(), 'sso-pipeline-'));
const sqlitePath = join(dir, 'auth.db');
// The built server, as production runs it (the development condition would load the TypeScript).
const { startServer } = (await import(new URL('../../auth-server/dist/server.js', import.meta.url).href)) as { startServer: typeof StartServer };
const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', SQLITE_PATH: sqlitePath };
await (await startServer(env)).close(); // migrates the fresh file
await registerBenchFixtures(sqlitePath);
const auth = await startServer(env);
// The same bare Express app `pnpm bench` compares /healthz with (plain JavaScript, hence the URL import).
const baselines = (await import(new URL('./baselines.mjs', import.meta.url).href)) as {
  bareExpressApp: () => RequestListener;
  oidcProviderApp: (env: Record<string, string>) => Promise<RequestListener>;
};
const bare = baselines.bareExpressApp();
const provider = await baselines.oidcProviderApp({ PORT: '80', BENCH_CLIENTS: JSON.stringify(BENCH) });
const authApp = auth.server.listeners('request')[0] as RequestListener;
// The classes the auth server's node:http server creates requests with (shared/src/express-server.ts).
const authClasses = expressMessageClasses(authApp as unknown as Parameters<typeof expressMessageClasses>[0]);

const healthz: MemoryRequest = { method: 'GET', path: '/healthz' };
const clientCredentials: MemoryRequest = {
  method: 'POST',
  path: '/token',
  headers: { authorization: basic(BENCH.service.clientId, BENCH.service.secret), 'content-type': 'application/x-www-form-urlencoded' },
  body: form({ grant_type: 'client_credentials', scope: 'notes:read' }),
};
const cases: [string, RequestListener, MemoryRequest, MessageClasses?][] = [
  ['auth-server GET /healthz', authApp, healthz, authClasses],
  ['bare Express GET /healthz', bare, healthz],
  ['auth-server POST /token client_credentials', authApp, clientCredentials, authClasses],
  ['oidc-provider POST /token client_credentials', provider, clientCredentials],
];

async function slice(listener: RequestListener, r: MemoryRequest, n: number, classes?: MessageClasses): Promise<{ main: number; all: number }> {
  const before = { main: mainThreadCpuUs(), all: processCpuUs() };
  let started = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (started++ < n) if ((await exchange(listener, r, classes)) !== 200) throw new Error(`${r.method} ${r.path} did not answer 200`);
    }),
  );
  return { main: (mainThreadCpuUs() - before.main) / n, all: (processCpuUs() - before.all) / n };
}

try {
  const cpu = new Map(cases.map(([name]) => [name, { main: [] as number[], all: [] as number[] }]));
  for (const [, listener, r, classes] of cases) await slice(listener, r, perRound, classes); // JIT, caches
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < cases.length; i++) {
      const [name, listener, r, classes] = cases[(i + round) % cases.length]!;
      const { main, all } = await slice(listener, r, perRound, classes);
      cpu.get(name)!.main.push(main);
      cpu.get(name)!.all.push(all);
    }
  }
  const us = (name: string, of: 'main' | 'all' = 'main') => median(cpu.get(name)![of]);
  console.log(`CPU per request, median of ${rounds} interleaved rounds × ${perRound} (load ${os.loadavg()[0]!.toFixed(1)}), main thread / all threads:`);
  for (const [name] of cases) console.log(`  ${name}: ${us(name).toFixed(0)} / ${us(name, 'all').toFixed(0)} µs`);
  console.log(`  /healthz, bare Express ÷ auth-server: ${(us('bare Express GET /healthz') / us('auth-server GET /healthz')).toFixed(2)}× (the requests/s ratio it predicts)`);
  const cc = (of: 'main' | 'all') => (us('oidc-provider POST /token client_credentials', of) / us('auth-server POST /token client_credentials', of)).toFixed(2);
  console.log(`  client_credentials, oidc-provider ÷ auth-server: ${cc('main')}× main thread, ${cc('all')}× all threads`);
} finally {
  await auth.close();
  await rm(dir, { recursive: true, force: true });
}
