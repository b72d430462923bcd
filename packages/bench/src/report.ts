import type { BenchReport as ResourceApiReport } from '@sso/resource-api/bench';
import type { Summary } from './rounds.js';

export interface ScenarioRow extends Summary {
  name: string;
  /** Median over rounds of this rate / the baseline's rate in the same round. */
  baseline: { name: string; ratio: number } | undefined;
}

export interface Goal {
  name: string;
  value: number;
  target: string;
  ok: boolean;
}

export interface BenchReport {
  benchmark: 'sso';
  date: string;
  node: string;
  cores: number;
  /** 1, 5 and 15-minute load averages when the run started and ended. */
  loadAverage: { start: number[]; end: number[] };
  durationSec: number;
  rounds: number;
  connections: number;
  signing: { inBenchProcess: { sequentialPerSec: number; concurrentPerSec: number } };
  authServer: {
    scenarios: ScenarioRow[];
    refreshPool: number;
    /** Our refresh_token against oidc-provider on a durable SQLite adapter (context, not a goal). */
    refreshVsDurableProvider: number;
    loginsPerSecPerCore: number;
    coldStartMs: { freshFile: number; existingFile: number };
    memoryMb: { idle: number; peak: number };
  };
  resourceApi: {
    bench: ResourceApiReport;
    memoryMb: { idle: number; peak: { cacheMax: number; peak: number }[] };
  };
  /** A node:http server started the same way: the floor under the figures above. */
  bareHttp: { startMs: number; idleMb: number };
  goals: Goal[];
  totalSeconds: number;
}

export function goalsOf(report: BenchReport): Goal[] {
  const { authServer } = report;
  const goal = (name: string, value: number, target: string, ok: boolean): Goal => ({ name, value, target, ok });
  const ratio = (name: string) => authServer.scenarios.find((s) => s.name === name)?.baseline?.ratio ?? 0;
  const atLeast = (name: string, value: number, min: number) => goal(name, value, `>= ${min * 100}%`, value >= min);
  const rs = (prefix: string) => report.resourceApi.bench.scenarios.find((s) => s.name.startsWith(prefix))?.ratioVsPublic ?? 0;
  return [
    atLeast('client_credentials vs oidc-provider', ratio('auth-server POST /token client_credentials'), 1.3),
    atLeast('refresh_token vs oidc-provider', ratio('auth-server POST /token refresh_token (rotating)'), 1.3),
    atLeast('/healthz vs bare Express', ratio('GET /healthz'), 0.9),
    atLeast('JWKS vs /healthz', ratio('GET /jwks'), 0.9),
    atLeast('discovery vs /healthz', ratio('GET /.well-known/openid-configuration'), 0.9),
    goal('resource-api repeated token vs /public', rs('/protected, 1 repeated'), '>= 90%', rs('/protected, 1 repeated') >= 0.9),
    goal('resource-api 1000 distinct tokens vs /public', rs('/protected, 1000 distinct tokens'), '>= 50%', rs('/protected, 1000 distinct tokens') >= 0.5),
    goal('password logins/s per core', authServer.loginsPerSecPerCore, '>= 15', authServer.loginsPerSecPerCore >= 15),
    goal('auth-server idle RSS (MB)', authServer.memoryMb.idle, '< 100', authServer.memoryMb.idle < 100),
    goal('resource-api idle RSS (MB)', report.resourceApi.memoryMb.idle, '< 100', report.resourceApi.memoryMb.idle < 100),
  ];
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;
const ms = (value: number | null) => (value === null ? '' : String(value));

export function formatMarkdown(report: BenchReport): string {
  const { authServer, resourceApi, signing } = report;
  const lines = [
    `# SSO benchmark — ${report.date}`,
    '',
    `node ${report.node}, ${report.cores} cores, load average ${report.loadAverage.start.join(' / ')} at start, ` +
      `${report.loadAverage.end.join(' / ')} at end; ${report.connections} connections, ${report.durationSec}s per scenario ` +
      `in ${report.rounds} interleaved rounds; each server in its own process (node, built dist); total ${report.totalSeconds}s.`,
    '',
    '## auth-server',
    '',
    '| scenario | per s | p50 ms | p99 ms | failed | vs baseline | baseline |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...authServer.scenarios.map(
      (s) =>
        `| ${s.name} | ${s.perSec} | ${ms(s.latencyP50Ms)} | ${ms(s.latencyP99Ms)} | ${s.failed} | ${s.baseline ? pct(s.baseline.ratio) : ''} | ${s.baseline?.name ?? ''} |`,
    ),
    `| jose RS256 sign, bench process, 1 in flight | ${signing.inBenchProcess.sequentialPerSec} | | | | | measured once, before the servers |`,
    `| jose RS256 sign, bench process, ${report.connections} in flight | ${signing.inBenchProcess.concurrentPerSec} | | | | | measured once, before the servers |`,
    '',
    `Password logins per core: **${authServer.loginsPerSecPerCore}/s**. Refresh tokens: each request presents a never-used token, ` +
      `from a pool of ${authServer.refreshPool} minted by real code flows and refilled by rotation. ` +
      `The goal's oidc-provider keeps grants and tokens in memory; on a durable SQLite adapter with our settings ` +
      `(the row above), our refresh_token answers at **${pct(authServer.refreshVsDurableProvider)}** of its rate.`,
    '',
    '## resource-api',
    '',
    '| scenario | req/s | vs /public | p50 ms | p99 ms | failed | server CPU µs/request |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...resourceApi.bench.scenarios.map(
      (s) =>
        `| ${s.name} | ${s.requestsPerSec} | ${pct(s.ratioVsPublic)} | ${s.latencyP50Ms} | ${s.latencyP99Ms} | ${s.errors + s.non2xx} | ${s.serverCpuUsPerRequest ?? '–'} |`,
    ),
    '',
    '## memory and start-up',
    '',
    '| figure | value |',
    '|---|---:|',
    `| auth-server idle RSS (1 s after ready) | ${authServer.memoryMb.idle} MB |`,
    `| auth-server peak RSS (VmHWM, end of its run) | ${authServer.memoryMb.peak} MB |`,
    `| resource-api idle RSS (1 s after ready) | ${resourceApi.memoryMb.idle} MB |`,
    ...resourceApi.memoryMb.peak.map((p) => `| resource-api peak RSS, bench app with cache max ${p.cacheMax} | ${p.peak} MB |`),
    `| bare node:http: idle RSS / start to first 200 (the floor) | ${report.bareHttp.idleMb} MB / ${report.bareHttp.startMs} ms |`,
    `| auth-server cold start to /readyz 200, fresh SQLite file | ${authServer.coldStartMs.freshFile} ms |`,
    `| auth-server cold start to /readyz 200, existing SQLite file | ${authServer.coldStartMs.existingFile} ms |`,
    '',
    '## goals',
    '',
    '| goal | value | target | |',
    '|---|---:|---|---|',
    ...report.goals.map((g) => `| ${g.name} | ${g.name.includes('vs') ? pct(g.value) : g.value} | ${g.target} | ${g.ok ? 'PASS' : 'MISS'} |`),
    '',
  ];
  return lines.join('\n');
}
