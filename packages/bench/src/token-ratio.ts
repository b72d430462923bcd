import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { codeFlow, signIn } from './bench-client.js';
import { providerTokenScenarios, tokenScenarios } from './auth-server-scenarios.js';
import { BENCH, registerBenchFixtures } from './fixtures.js';
import { readCpuMs } from './proc-memory.js';
import { cpuPerOpUs, ratioInRounds, runInRounds, summarize, withServerCpu, type Scenario } from './rounds.js';
import { startServerProcess } from './server-process.js';

/**
 * `pnpm --filter @sso/bench run token-ratio`: only the two token-endpoint goals of `pnpm bench`
 * (client_credentials and refresh_token against oidc-provider, interleaved rounds, same run), for a
 * quick check while working on the token endpoint; refresh also against oidc-provider on a durable
 * SQLite adapter, which the goal's in-memory baseline is not. BENCH_DURATION / BENCH_ROUNDS / BENCH_CONNECTIONS as there.
 */
const durationSec = Number(process.env.BENCH_DURATION ?? 4);
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const dir = await mkdtemp(join(os.tmpdir(), 'sso-token-ratio-'));
const env = { SQLITE_PATH: join(dir, 'auth.db'), RATE_LIMIT_LOGIN_PER_MINUTE: '1000000000', LOCKOUT_THRESHOLD: '1000000000' };
const servers = [];
try {
  await (await startServerProcess('auth-server', env)).stop(); // migrates the fresh file
  await registerBenchFixtures(env.SQLITE_PATH);
  const auth = await startServerProcess('auth-server', env);
  servers.push(auth);
  const provider = await startServerProcess('oidc-provider', { BENCH_CLIENTS: JSON.stringify(BENCH) });
  servers.push(provider);
  const session = await signIn(auth.url);
  const pool: string[] = [];
  for (let i = 0; i < 300; i++) pool.push(await codeFlow(auth.url, session));
  // oidc-provider again with a durable store: a SQLite file with the auth server's settings (baselines.mjs).
  const durable = await startServerProcess('oidc-provider', { BENCH_CLIENTS: JSON.stringify(BENCH), BENCH_OIDC_SQLITE: join(dir, 'oidc-provider.db') });
  servers.push(durable);
  // Each server's CPU per request too: steadier than requests per second when the machine is shared.
  const measured = (s: { clientCredentials: Scenario; refresh: Scenario }, pid: number) => ({
    clientCredentials: withServerCpu(s.clientCredentials, pid, readCpuMs),
    refresh: withServerCpu(s.refresh, pid, readCpuMs),
  });
  const ours = measured(tokenScenarios(auth.url, 'auth-server', connections, pool), auth.pid);
  const theirs = measured(await providerTokenScenarios(provider.url, 'oidc-provider', connections, pool.length), provider.pid);
  const theirsDurable = measured(await providerTokenScenarios(durable.url, 'oidc-provider (SQLite adapter)', connections, pool.length), durable.pid);
  const order = [ours.clientCredentials, theirs.clientCredentials, ours.refresh, theirs.refresh, theirsDurable.refresh];
  const slices = await runInRounds(order, { durationSec, rounds, warmupSec: 1 });
  const pairs = [
    [ours.clientCredentials, theirs.clientCredentials],
    [ours.refresh, theirs.refresh],
    [ours.refresh, theirsDurable.refresh],
  ] as const;
  for (const [a, b] of pairs) {
    const [sa, sb] = [summarize(slices.get(a)!), summarize(slices.get(b)!)];
    const [ca, cb] = [cpuPerOpUs(slices.get(a)!) ?? 0, cpuPerOpUs(slices.get(b)!) ?? 0];
    console.log(`${a.name} vs ${b.name}: ${sa.perSec.toFixed(0)}/s (${sa.failed} failed, p50 ${sa.latencyP50Ms} ms, p99 ${sa.latencyP99Ms} ms) vs ${sb.perSec.toFixed(0)}/s (${sb.failed} failed, p50 ${sb.latencyP50Ms} ms, p99 ${sb.latencyP99Ms} ms), ratio ${ratioInRounds(slices.get(a)!, slices.get(b)!).toFixed(2)}×`);
    console.log(`  server CPU per request: ${ca.toFixed(0)} µs vs ${cb.toFixed(0)} µs (inverse ratio ${(cb / Math.max(1, ca)).toFixed(2)}×), load ${os.loadavg()[0]!.toFixed(1)}`);
  }
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await rm(dir, { recursive: true, force: true });
}
