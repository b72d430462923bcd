import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchReport as ResourceApiReport } from '@sso/resource-api/bench';
import { authServerScenarios, getScenario, providerTokenScenarios } from './auth-server-scenarios.js';
import { BENCH, registerBenchFixtures } from './fixtures.js';
import { watchChildren } from './proc-memory.js';
import { formatMarkdown, goalsOf, type BenchReport } from './report.js';
import { ratioInRounds, round1, runInRounds, summarize } from './rounds.js';
import { forkScript, startServerProcess, type ServerProcess } from './server-process.js';
import { startSignProcess } from './sign-process.js';
import { signFor, signingKey } from './sign-rate.js';

const durationSec = Number(process.env.BENCH_DURATION ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const cores = os.availableParallelism();
const loadStart = os.loadavg();
const started = performance.now();
const log = (line: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(3)}s] ${line}`);

// 1. Raw signing in this process: nothing else is running yet.
log('jose RS256 signing in the bench process');
const key = await signingKey();
await signFor(key, 0.5, connections); // warm-up
const inProcess = { sequential: await signFor(key, 1, 1), concurrent: await signFor(key, 1, connections) };

// 7. What any server here costs before its own code: node:http alone, started the same way as the others.
log('bare node:http process (start-up and RSS floor)');
const bare = await startServerProcess('bare-http', {});
await settle();
const bareIdle = bare.memory();
await bare.stop();

// Cold start on a fresh SQLite file (migrations, first signing key), then on the same file again.
const dataDir = await mkdtemp(join(os.tmpdir(), 'sso-bench-'));
const authEnv = {
  SQLITE_PATH: join(dataDir, 'auth.db'),
  // The per-IP limits and the lockout would otherwise be what this measures.
  RATE_LIMIT_LOGIN_PER_MINUTE: '1000000000',
  LOCKOUT_THRESHOLD: '1000000000',
};
log('auth-server cold start, fresh SQLite file');
const fresh = await startServerProcess('auth-server', authEnv);
await fresh.stop();
await registerBenchFixtures(authEnv.SQLITE_PATH);
log('auth-server cold start, existing SQLite file');
const auth = await startServerProcess('auth-server', authEnv);
let servers: ServerProcess[] = [auth];
// In-run baselines: oidc-provider configured alike for the token endpoint, bare Express for /healthz.
log('baselines: oidc-provider and bare Express');
const provider = await startServerProcess('oidc-provider', { BENCH_CLIENTS: JSON.stringify(BENCH) });
const express = await startServerProcess('bare-express', {});
// The same oidc-provider on a durable store (a SQLite file, the auth server's settings): context for refresh.
const durable = await startServerProcess('oidc-provider', { BENCH_CLIENTS: JSON.stringify(BENCH), BENCH_OIDC_SQLITE: join(dataDir, 'oidc-provider.db') });
servers.push(provider, express, durable);
const signer = await startSignProcess();
try {
  await settle();
  const authIdle = auth.memory();

  log(`minting refresh tokens through code flows; then ${durationSec}s per scenario in ${rounds} rounds, ${connections} connections`);
  const s = await authServerScenarios(auth.url, signer, connections, 300);
  const op = await providerTokenScenarios(provider.url, 'oidc-provider', connections, s.refreshPool);
  const opDurable = await providerTokenScenarios(durable.url, 'oidc-provider (SQLite adapter)', connections, s.refreshPool);
  const expressHealthz = getScenario(express.url, 'bare Express GET /healthz', '/healthz', connections);
  const order = [s.healthz, expressHealthz, s.jwks, s.discovery, s.sign, s.clientCredentials, op.clientCredentials, s.refresh, op.refresh, opDurable.refresh, s.login];
  const slices = await runInRounds(order, { durationSec, rounds, warmupSec: 1 });
  const authMemory = auth.memory();
  await Promise.all([auth.stop(), provider.stop(), express.stop(), durable.stop(), signer.stop()]);
  servers = [];

  const of = (scenario: typeof s.healthz) => slices.get(scenario)!;
  const row = (scenario: typeof s.healthz, baseline?: { name: string; ratio: number }) => ({ name: scenario.name, ...summarize(of(scenario)), baseline });
  const vs = (scenario: typeof s.healthz, base: typeof s.healthz) => ({ name: base.name, ratio: ratioInRounds(of(scenario), of(base)) });
  const authScenarios = [
    row(s.healthz, vs(s.healthz, expressHealthz)),
    row(expressHealthz),
    row(s.jwks, { name: s.healthz.name, ratio: ratioInRounds(of(s.jwks), of(s.healthz)) }),
    row(s.discovery, { name: s.healthz.name, ratio: ratioInRounds(of(s.discovery), of(s.healthz)) }),
    row(s.sign),
    row(s.clientCredentials, vs(s.clientCredentials, op.clientCredentials)),
    row(op.clientCredentials, vs(op.clientCredentials, s.sign)),
    // Two JWTs per answer (access + ID token) on both servers.
    row(s.refresh, vs(s.refresh, op.refresh)),
    row(op.refresh),
    row(opDurable.refresh),
    row(s.login),
  ];

  // 5. resource-api: its own bench, run from a process of its own (a fresh heap for its load generator); RSS sampled from outside.
  log('resource-api idle RSS');
  const api = await startServerProcess('resource-api', { NOTES_DB: ':memory:' });
  servers = [api];
  await settle();
  const apiIdle = api.memory();
  await api.stop();
  servers = [];
  log('resource-api bench');
  const watch = watchChildren('bench-server.mjs');
  const resourceApi = await runResourceApiChild();
  const apiPeaks = watch.stop();

  const report: BenchReport = {
    benchmark: 'sso',
    date: new Date().toISOString(),
    node: process.version,
    cores,
    loadAverage: { start: loadStart.map(round1), end: os.loadavg().map(round1) },
    durationSec,
    rounds,
    connections,
    signing: {
      inBenchProcess: {
        sequentialPerSec: round1(inProcess.sequential.signs / inProcess.sequential.seconds),
        concurrentPerSec: round1(inProcess.concurrent.signs / inProcess.concurrent.seconds),
      },
    },
    authServer: {
      scenarios: authScenarios,
      refreshPool: s.refreshPool,
      refreshVsDurableProvider: ratioInRounds(of(s.refresh), of(opDurable.refresh)),
      loginsPerSecPerCore: round1(summarize(of(s.login)).perSec / cores),
      coldStartMs: { freshFile: fresh.readyMs, existingFile: auth.readyMs },
      memoryMb: { idle: authIdle.rssMb, peak: authMemory.peakMb },
    },
    resourceApi: {
      bench: resourceApi,
      memoryMb: {
        idle: apiIdle.rssMb,
        peak: apiPeaks.map((p) => ({ cacheMax: Number(/TOKEN_CACHE_MAX=(\d+)/.exec(p.env)?.[1] ?? -1), peak: p.peakMb })),
      },
    },
    bareHttp: { startMs: bare.readyMs, idleMb: bareIdle.rssMb },
    goals: [],
    totalSeconds: 0,
  };
  report.goals = goalsOf(report);
  report.totalSeconds = Math.round((performance.now() - started) / 1000);

  const dir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const markdown = formatMarkdown(report);
  await writeFile(join(dir, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(dir, 'bench.md'), markdown);
  console.log(`\n${markdown}`);
  console.log(`written to ${dir}bench.json and bench.md`);
} finally {
  await Promise.all([...servers.map((server) => server.stop()), signer.stop()]);
  await rm(dataDir, { recursive: true, force: true });
}

/** Idle means after start-up work has finished: one second with no requests. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1000));
}

/** runResourceApiBench in a child process with this one's loader flags (resource-api-child.ts says why). */
async function runResourceApiChild(): Promise<ResourceApiReport> {
  const script = forkScript(new URL('./resource-api-child.ts', import.meta.url), { BENCH_DURATION: String(durationSec) });
  const report = await script.next<ResourceApiReport>();
  await script.exited;
  return report;
}
