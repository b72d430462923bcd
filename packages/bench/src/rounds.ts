/** One timed slice of one scenario. */
export interface Slice {
  /** Operations that succeeded (the expected status, or signatures). */
  ok: number;
  /** Other statuses, socket errors and timeouts. */
  failed: number;
  seconds: number;
  latencyP50Ms?: number;
  latencyP99Ms?: number;
  /** CPU the server process used during the slice (all its threads), when measured (withServerCpu). */
  serverCpuMs?: number;
}

export interface Scenario {
  name: string;
  run(seconds: number): Promise<Slice>;
  /** Runs after each slice, e.g. to let a thread pool drain before the next scenario starts. */
  settleMs?: number;
}

export interface RoundsOptions {
  /** Seconds per scenario in all, split over `rounds` slices. */
  durationSec: number;
  rounds: number;
  warmupSec: number;
}

/**
 * Interleaves the scenarios in rounds, rotating the order each round, so background load (other
 * engineers' tests on a shared machine) falls on all of them alike and each ratio compares slices
 * taken seconds apart. Returns each scenario's slices, round by round.
 */
export async function runInRounds(scenarios: Scenario[], options: RoundsOptions): Promise<Map<Scenario, Slice[]>> {
  const slices = new Map<Scenario, Slice[]>(scenarios.map((s) => [s, []]));
  const runOne = async (scenario: Scenario, seconds: number) => {
    const slice = await scenario.run(seconds);
    if (scenario.settleMs) await new Promise((resolve) => setTimeout(resolve, scenario.settleMs));
    return slice;
  };
  for (const scenario of scenarios) await runOne(scenario, options.warmupSec); // JIT, caches, pools
  const seconds = options.durationSec / options.rounds;
  for (let round = 0; round < options.rounds; round += 1) {
    for (let i = 0; i < scenarios.length; i += 1) {
      const scenario = scenarios[(i + round) % scenarios.length]!;
      slices.get(scenario)!.push(await runOne(scenario, seconds));
    }
  }
  return slices;
}

export interface Summary {
  perSec: number;
  ok: number;
  failed: number;
  seconds: number;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
}

export function summarize(slices: Slice[]): Summary {
  const sum = (pick: (s: Slice) => number) => slices.reduce((total, s) => total + pick(s), 0);
  const seconds = sum((s) => s.seconds);
  const p50 = slices.flatMap((s) => (s.latencyP50Ms === undefined ? [] : [s.latencyP50Ms]));
  const p99 = slices.flatMap((s) => (s.latencyP99Ms === undefined ? [] : [s.latencyP99Ms]));
  return {
    perSec: round1(sum((s) => s.ok) / seconds),
    ok: sum((s) => s.ok),
    failed: sum((s) => s.failed),
    seconds: round1(seconds),
    latencyP50Ms: p50.length ? median(p50) : null,
    latencyP99Ms: p99.length ? median(p99) : null,
  };
}

/** Median over rounds of (rate of `slices` × `scale`) / (rate of `base`) in the same round. */
export function ratioInRounds(slices: Slice[], base: Slice[], scale = 1): number {
  const rate = (s: Slice) => s.ok / s.seconds;
  const ratios = slices.map((s, i) => (rate(s) * scale) / Math.max(1e-9, rate(base[i]!)));
  return Math.round(median(ratios) * 1000) / 1000;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The scenario with the server's CPU time recorded on each slice. */
export function withServerCpu(scenario: Scenario, pid: number, cpuMs: (pid: number) => number): Scenario {
  return {
    ...scenario,
    async run(seconds) {
      const before = cpuMs(pid);
      const slice = await scenario.run(seconds);
      return { ...slice, serverCpuMs: cpuMs(pid) - before };
    },
  };
}

/** Server CPU per successful operation over the slices that measured it, in µs. */
export function cpuPerOpUs(slices: Slice[]): number | undefined {
  const measured = slices.filter((s) => s.serverCpuMs !== undefined);
  const ok = measured.reduce((total, s) => total + s.ok, 0);
  return ok > 0 ? (measured.reduce((total, s) => total + s.serverCpuMs!, 0) * 1000) / ok : undefined;
}
