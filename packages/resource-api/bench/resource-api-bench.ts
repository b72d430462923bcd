import { once } from 'node:events';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Result } from 'autocannon';
import { startTestIssuer } from '@sso/shared/testing';

export interface BenchOptions {
  /** Seconds of load per scenario, spread over `rounds` interleaved slices. */
  durationSec?: number;
  rounds?: number;
  connections?: number;
  distinctTokens?: number;
}

export interface ScenarioResult {
  name: string;
  path: string;
  requestsPerSec: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** Median over rounds of this scenario's requests / those of /public in the same round. */
  ratioVsPublic: number;
  /**
   * The app process' CPU (all threads, /proc) per request, median over rounds: the server's own
   * cost, apart from the load generator's, which shares the machine's cores.
   */
  serverCpuUsPerRequest: number | undefined;
}

export interface BenchReport {
  benchmark: 'resource-api';
  date: string;
  node: string;
  durationSec: number;
  rounds: number;
  connections: number;
  distinctTokens: number;
  scenarios: ScenarioResult[];
}

interface Scenario {
  name: string;
  path: string;
  tokens: string[];
  cache: 'on' | 'off';
  runs: Result[];
  /** Server CPU µs per request, one per round (undefined without /proc). */
  cpu: (number | undefined)[];
}

/** User + system CPU of a process, all its threads, in ms; undefined where /proc is missing. */
function cpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Measures what verification adds to a request: /public against /protected with one repeated token
 * (verified-token cache hit), with N distinct tokens cycled (N cache entries), and the same N tokens
 * with the cache off (one RSA verification per request, for scale). The app runs in a child process
 * against a real JWKS server; scenarios are interleaved in rounds so background load hits all alike.
 */
export async function runResourceApiBench(options: BenchOptions = {}): Promise<BenchReport> {
  const { durationSec = 5, rounds = 10, connections = 10, distinctTokens = 1000 } = options;
  const issuer = await startTestIssuer({ ttlSec: 3600 });
  const servers = await Promise.all([startAppProcess(issuer.jwksUri, 10_000), startAppProcess(issuer.jwksUri, 0)]);
  const [cached, uncached] = servers;

  const one = [await issuer.sign({ sub: 'bench-user' })];
  const many = await Promise.all(Array.from({ length: distinctTokens }, (_, i) => issuer.sign({ sub: `bench-user-${i}` })));
  const scenarios: Scenario[] = [
    { name: '/public', path: '/public', tokens: [], cache: 'on', runs: [], cpu: [] },
    { name: '/protected, 1 repeated token', path: '/protected', tokens: one, cache: 'on', runs: [], cpu: [] },
    { name: `/protected, ${distinctTokens} distinct tokens`, path: '/protected', tokens: many, cache: 'on', runs: [], cpu: [] },
    { name: `/protected, ${distinctTokens} distinct, cache off`, path: '/protected', tokens: many, cache: 'off', runs: [], cpu: [] },
    // Context, not a goal: /public sent the same Authorization header, so the difference between
    // this row and the repeated-token row is verification alone, without the header's own cost.
    { name: '/public, same header sent (context)', path: '/public', tokens: one, cache: 'on', runs: [], cpu: [] },
  ];

  // One prebuilt request per token, cycled by every connection: no per-request work in the load generator
  // (a setupRequest function would make autocannon rebuild each request and skew the comparison).
  // A round's requests/s and the app process' CPU per request; the warm-up (no round) records nothing.
  const measure = async (scenario: Scenario, seconds: number, round?: number) => {
    const requests =
      scenario.tokens.length === 0
        ? [{ method: 'GET' as const, path: scenario.path }]
        : scenario.tokens.map((token) => ({ method: 'GET' as const, path: scenario.path, headers: { authorization: `Bearer ${token}` } }));
    const server = scenario.cache === 'on' ? cached : uncached;
    const before = cpuMs(server.pid);
    const run = await autocannon({ url: server.url, connections, duration: seconds, requests });
    const after = cpuMs(server.pid);
    if (round === undefined) return;
    scenario.runs[round] = run;
    scenario.cpu[round] = before === undefined || after === undefined ? undefined : ((after - before) * 1000) / Math.max(1, run.requests.total);
  };

  try {
    for (const scenario of scenarios) await measure(scenario, 1); // warm-up: JIT, JWKS fetch, caches
    const slice = durationSec / rounds;
    for (let round = 0; round < rounds; round += 1) {
      // Rotate the order each round so no scenario always follows the heaviest one.
      for (let i = 0; i < scenarios.length; i += 1) {
        const scenario = scenarios[(i + round) % scenarios.length]!;
        await measure(scenario, slice, round);
      }
    }
    const results = scenarios.map(summarize);
    // The ratio is the median of per-round ratios: each compares runs seconds apart, under the same background load.
    const base = scenarios[0]!.runs;
    scenarios.forEach((scenario, index) => {
      const ratios = scenario.runs.map((run, round) => run.requests.total / Math.max(1, base[round]!.requests.total));
      results[index]!.ratioVsPublic = Math.round(median(ratios) * 1000) / 1000;
    });
    return {
      benchmark: 'resource-api',
      date: new Date().toISOString(),
      node: process.version,
      durationSec,
      rounds,
      connections,
      distinctTokens,
      scenarios: results,
    };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await issuer.stop();
  }
}

function summarize(scenario: Scenario): ScenarioResult {
  const sum = (pick: (run: Result) => number) => scenario.runs.reduce((total, run) => total + pick(run), 0);
  const requests = sum((run) => run.requests.total);
  const cpu = scenario.cpu.filter((us): us is number => us !== undefined);
  return {
    name: scenario.name,
    path: scenario.path,
    requestsPerSec: Math.round(requests / sum((run) => run.duration)),
    latencyP50Ms: median(scenario.runs.map((run) => run.latency.p50)),
    latencyP99Ms: median(scenario.runs.map((run) => run.latency.p99)),
    requests,
    errors: sum((run) => run.errors + run.timeouts),
    non2xx: sum((run) => run.non2xx),
    ratioVsPublic: 0,
    serverCpuUsPerRequest: cpu.length > 0 && cpu.length === scenario.runs.length ? Math.round(median(cpu)) : undefined,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Forks bench-server.mjs with plain `node` (none of this process' loader flags): the API runs from
 * its built bundle, as in production (both `pnpm bench` scripts build first).
 */
async function startAppProcess(jwksUri: string, cacheMax: number): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const worker = fork(fileURLToPath(new URL('./bench-server.mjs', import.meta.url)), {
    execArgv: [],
    env: { ...process.env, JWKS_URI: jwksUri, TOKEN_CACHE_MAX: String(cacheMax) },
  });
  const [message] = (await Promise.race([
    once(worker, 'message'),
    once(worker, 'exit').then(([code]) => Promise.reject(new Error(`bench server exited with ${code}`))),
  ])) as [{ port: number }];
  return {
    url: `http://127.0.0.1:${message.port}`,
    pid: worker.pid!,
    async stop() {
      const exited = once(worker, 'exit');
      worker.send('stop');
      await exited;
    },
  };
}

export function formatReport(report: BenchReport): string {
  const head = ['scenario'.padEnd(40), 'req/s'.padStart(8), 'vs pub'.padStart(8), 'p50ms'.padStart(6), 'p99ms'.padStart(6), 'failed'.padStart(7), 'cpu µs/req'.padStart(10)];
  const rows = report.scenarios.map((s) => [
    s.name.padEnd(40),
    String(s.requestsPerSec).padStart(8),
    `${(s.ratioVsPublic * 100).toFixed(1)}%`.padStart(8),
    String(s.latencyP50Ms).padStart(6),
    String(s.latencyP99Ms).padStart(6),
    String(s.errors + s.non2xx).padStart(7),
    String(s.serverCpuUsPerRequest ?? '-').padStart(10),
  ]);
  const title = `resource-api bench: ${report.connections} connections, ${report.durationSec}s per scenario in ${report.rounds} interleaved rounds, node ${report.node}`;
  return [title, head.join('  '), ...rows.map((row) => row.join('  '))].join('\n');
}
