import { startDevStack, type DevStack } from '../../src/index.js';

export { freePort } from '../../src/index.js';

export interface Stack extends DevStack {
  /** Moves App A's clock (token expiry, refresh) without sleeping. */
  skewAppA(ms: number): void;
}

/** The dev stack on ephemeral ports and a fresh temporary folder, quiet unless E2E_LOG_LEVEL is set. */
export async function startStack(authEnv: Record<string, string> = {}): Promise<Stack> {
  let skew = 0;
  const stack = await startDevStack({
    ports: 'ephemeral',
    nodeEnv: 'test',
    // The servers' JSON logs would bury the test report.
    logLevel: process.env.E2E_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'silent',
    authEnv: { OUTBOX_POLL_MS: '200', ...authEnv },
    appAClock: { now: () => Date.now() + skew },
  });
  return { ...stack, skewAppA: (ms) => (skew = ms) };
}
