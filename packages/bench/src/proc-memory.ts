import { readFileSync, readdirSync } from 'node:fs';

export interface Memory {
  /** Resident set now, MiB. */
  rssMb: number;
  /** Peak resident set since the process started (the kernel's high-water mark), MiB. */
  peakMb: number;
}

const kbField = (status: string, field: string): number => {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : 0;
};
const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;

/** VmRSS / VmHWM from /proc/<pid>/status (Linux); undefined once the process is gone. */
export function readMemory(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rssMb: mb(kbField(status, 'VmRSS')), peakMb: mb(kbField(status, 'VmHWM')) };
  } catch {
    return undefined;
  }
}

/** Processes started by `pid`, at any depth (children, their children, …). */
function descendants(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return found; // exited meanwhile
  }
  for (const tid of tasks) {
    let children = '';
    try {
      children = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const child of children.split(' ').filter(Boolean).map(Number)) found.push(child, ...descendants(child));
  }
  return found;
}

/** Processes descending from this one whose command line contains `needle`. */
export function childPids(needle: string): number[] {
  return descendants(process.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle);
    } catch {
      return false; // exited meanwhile
    }
  });
}

/**
 * Keeps the highest VmHWM seen per descendant matching `needle`, polling every `intervalMs`: for
 * processes this bench does not start itself (resource-api's bench forks its own servers).
 */
export function watchChildren(needle: string, intervalMs = 100) {
  const peaks = new Map<number, { env: string; peakMb: number }>();
  const timer = setInterval(() => {
    for (const pid of childPids(needle)) {
      const memory = readMemory(pid);
      if (!memory) continue;
      const seen = peaks.get(pid) ?? { env: readEnv(pid), peakMb: 0 };
      seen.peakMb = Math.max(seen.peakMb, memory.peakMb);
      peaks.set(pid, seen);
    }
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return [...peaks.entries()].map(([pid, seen]) => ({ pid, ...seen }));
    },
  };
}

function readEnv(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return '';
  }
}

/**
 * CPU time (user + system, all threads) a process has used, in ms, from /proc/<pid>/stat (Linux,
 * 100 Hz ticks). Per-request CPU is steadier than requests per second on a shared machine.
 */
export function readCpuMs(pid: number): number {
  return readStatCpuMs(`/proc/${pid}/stat`);
}

/** The same from any stat file: `/proc/self/task/<tid>/stat` is one thread's. */
export function readStatCpuMs(statPath: string): number {
  const fields = readFileSync(statPath, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
