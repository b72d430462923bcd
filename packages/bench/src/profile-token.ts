import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { SourceMap, type SourceMapPayload } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tokenScenarios } from './auth-server-scenarios.js';
import { codeFlow, signIn } from './bench-client.js';
import { registerBenchFixtures } from './fixtures.js';
import { startServerProcess } from './server-process.js';

/**
 * `pnpm --filter @sso/bench run profile-token`: where a token request's time goes. Runs the auth server
 * (built dist) under `node --cpu-prof`, loads client_credentials then refresh_token for
 * PROFILE_SECONDS each, and prints the self time of the profile grouped by where the code lives.
 */
const seconds = Number(process.env.PROFILE_SECONDS ?? 4);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const dir = await mkdtemp(join(os.tmpdir(), 'sso-profile-'));
const env = { SQLITE_PATH: join(dir, 'auth.db'), RATE_LIMIT_LOGIN_PER_MINUTE: '1000000000', LOCKOUT_THRESHOLD: '1000000000' };
try {
  await (await startServerProcess('auth-server', env)).stop(); // migrates the fresh file
  await registerBenchFixtures(env.SQLITE_PATH);
  const server = await startServerProcess('auth-server', env, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const session = await signIn(server.url);
  const pool: string[] = [];
  for (let i = 0; i < 200; i++) pool.push(await codeFlow(server.url, session));
  const t = tokenScenarios(server.url, 'auth-server', connections, pool);
  // PROFILE_ONLY=refresh_token or client_credentials profiles one grant alone.
  const only = process.env.PROFILE_ONLY;
  // Only samples taken while a load runs count: not the start-up, nor the code flows minting the pool.
  // The profile's clock is the monotonic clock process.hrtime reads, in µs.
  const loads: [number, number][] = [];
  const timed = async (run: () => Promise<{ ok: number; seconds: number }>) => {
    const from = Number(process.hrtime.bigint() / 1000n);
    const slice = await run();
    loads.push([from, Number(process.hrtime.bigint() / 1000n)]);
    return slice;
  };
  const cc = only === 'refresh_token' ? { ok: 0, seconds: 1 } : await timed(() => t.clientCredentials.run(seconds));
  const rt = only === 'client_credentials' ? { ok: 0, seconds: 1 } : await timed(() => t.refresh.run(seconds));
  await server.stop();
  console.log(`client_credentials ${(cc.ok / cc.seconds).toFixed(0)}/s, refresh_token ${(rt.ok / rt.seconds).toFixed(0)}/s under the profiler`);
  const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written');
  printBreakdown(JSON.parse(await readFile(join(dir, file), 'utf8')) as Profile, loads);
  // PROFILE_KEEP=<dir> keeps the .cpuprofile for a flame graph (Chrome DevTools, speedscope).
  const keep = process.env.PROFILE_KEEP;
  if (keep) {
    await mkdir(keep, { recursive: true });
    await copyFile(join(dir, file), join(keep, file));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface Profile {
  nodes: { id: number; callFrame: CallFrame; hitCount?: number }[];
  samples: number[];
  /** µs on the monotonic clock; each sample's time is the previous one's plus its delta. */
  startTime: number;
  timeDeltas: number[];
}

/**
 * The production build bundles the server (shared/bin/bundle-server.mjs), so a frame's URL names a
 * bundle file. Its source map (written beside it) gives the file the code came from, in src/ or
 * node_modules, so the breakdown still groups by folder and dependency.
 */
function originalFrames(): (frame: CallFrame) => CallFrame {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (url: string): SourceMap | undefined => {
    if (!maps.has(url)) {
      const file = `${fileURLToPath(url)}.map`;
      maps.set(url, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8')) as SourceMapPayload) : undefined);
    }
    return maps.get(url);
  };
  return (frame) => {
    if (!frame.url.startsWith('file:') || !frame.url.endsWith('.js')) return frame;
    const entry = mapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (!entry || !('originalSource' in entry)) return frame;
    return { ...frame, url: new URL(entry.originalSource, frame.url).href, lineNumber: entry.originalLine };
  };
}

/** Self time by place: our source folders, each dependency, node internals, GC and idle. */
function printBreakdown(profile: Profile, windows: [from: number, to: number][]): void {
  const original = originalFrames();
  const byNode = new Map(profile.nodes.map((n) => [n.id, { ...n, callFrame: original(n.callFrame) }]));
  const hits = new Map<number, number>();
  let at = profile.startTime;
  let sampled = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i]!;
    if (!windows.some(([from, to]) => at >= from && at <= to)) return;
    sampled += 1;
    hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, count] of hits) {
    const node = byNode.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const group = placeOf(functionName, url);
    if (group === '(idle)') continue;
    busy += count;
    groups.set(group, (groups.get(group) ?? 0) + count);
    const fn = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + count);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `| ${k} | ${((v / busy) * 100).toFixed(1)}% |`);
  console.log(`event loop busy in ${((busy / Math.max(1, sampled)) * 100).toFixed(0)}% of the ${sampled} samples taken under load (the rest idle, waiting on I/O or the thread pool)`);
  console.log(['', '| where (self time, busy samples) | share |', '|---|---:|', ...top(groups, 18)].join('\n'));
  console.log(['', '| function | share |', '|---|---:|', ...top(functions, 25)].join('\n'));
}

function placeOf(functionName: string, url: string): string {
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)' || functionName === '(program)') return functionName;
  const dep = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dep) return dep[1]!;
  const ours = /packages\/([^/]+)\/(?:dist|src)\/([^/]+)/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]!.replace(/\.js$/, '')}`;
  if (url.startsWith('node:') || url === '') return url === '' ? `(native) ${functionName}` : `node internals (${url.split('/')[0]})`;
  return url;
}
