import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { readMemory, type Memory } from './proc-memory.js';

export type ServerKind = 'auth-server' | 'resource-api' | 'bare-http' | 'bare-express' | 'oidc-provider';

export interface ServerProcess {
  kind: ServerKind;
  pid: number;
  url: string;
  /** Milliseconds from fork() to the first 200 from the readiness path. */
  readyMs: number;
  memory(): Memory;
  stop(): Promise<void>;
}

const READINESS: Record<ServerKind, string> = {
  'auth-server': '/readyz',
  'resource-api': '/healthz',
  'bare-http': '/',
  'bare-express': '/healthz',
  'oidc-provider': '/.well-known/openid-configuration',
};

/** A port nobody listens on right now, so readiness can be polled from the moment of the fork. */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Forks server-entry.mjs with plain node, so the servers run from their built `dist/` as in
 * production (`pnpm bench` builds first), and polls readiness every 10 ms. Variables the servers would pick up from the caller's shell
 * (DATABASE_URL, REDIS_URL, ...) are blanked; empty values read as unset.
 */
export async function startServerProcess(kind: ServerKind, env: Record<string, string>, extraExecArgv: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  const started = performance.now();
  const child = fork(fileURLToPath(new URL('./server-entry.mjs', import.meta.url)), [kind], {
    execArgv: extraExecArgv,
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', NODE_ENV: 'test', LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${kind} exited with ${String(code)} before it was ready`);
  });
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([waitReady(`${url}${READINESS[kind]}`), exited]);
  const readyMs = Math.round(performance.now() - started);
  exited.catch(() => undefined);
  return {
    kind,
    pid: child.pid!,
    url,
    readyMs,
    memory: () => readMemory(child.pid!) ?? { rssMb: 0, peakMb: 0 },
    stop: () => stopChild(child),
  };
}

async function waitReady(url: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const ok = await fetch(url).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${url} did not answer 200 within 60 s`);
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
  child.send('stop');
  await exited;
  clearTimeout(force);
}

export interface ForkedScript {
  child: ChildProcess;
  /** The script's next IPC message; rejects if it exits first. */
  next<T>(): Promise<T>;
  /** Resolves with the exit code once the script has exited. */
  exited: Promise<number | null>;
}

/** Forks one of this package's TypeScript scripts with this process' loader flags (tsx) and the given environment. */
export function forkScript(url: URL, env: Record<string, string> = {}): ForkedScript {
  const child = fork(fileURLToPath(url), { execArgv: process.execArgv, env: { ...process.env, ...env } });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const early = exited.then((code) => Promise.reject(new Error(`${fileURLToPath(url)} exited with ${String(code)}`)));
  early.catch(() => undefined);
  return {
    child,
    next: <T>() => Promise.race([once(child, 'message').then(([message]) => message as T), early]),
    exited,
  };
}
