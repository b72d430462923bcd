import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { SignBurst } from './sign-rate.js';
import { stopChild } from './server-process.js';

export interface SignProcess {
  burst(seconds: number, concurrency: number): Promise<SignBurst>;
  stop(): Promise<void>;
}

/** sign-worker.ts in its own process: the signing baseline measured like a server, one event loop, its own thread pool. */
export async function startSignProcess(): Promise<SignProcess> {
  const child = fork(fileURLToPath(new URL('./sign-worker.ts', import.meta.url)), { execArgv: process.execArgv });
  await once(child, 'message');
  return {
    async burst(seconds, concurrency) {
      const reply = once(child, 'message') as Promise<[SignBurst]>;
      child.send({ seconds, concurrency });
      return (await reply)[0];
    },
    stop: () => stopChild(child),
  };
}
