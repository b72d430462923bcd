import autocannon from 'autocannon';
import type { Request as AutocannonRequest } from 'autocannon';
import type { Slice } from './rounds.js';

/**
 * Loads `url` for `seconds` on 127.0.0.1 and counts the responses with the expected status class
 * as successes (a login answers 303). Every other status, socket error and timeout is a failure.
 */
export async function load(url: string, requests: AutocannonRequest[], seconds: number, connections: number, expect: '2xx' | '3xx' = '2xx'): Promise<Slice> {
  const result = await autocannon({ url, connections, duration: seconds, requests });
  const responses = Object.values(result.statusCodeStats ?? {}).reduce((total, { count }) => total + (count ?? 0), 0);
  const ok = result[expect];
  return {
    ok,
    failed: responses - ok + result.errors + result.timeouts,
    seconds: result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
  };
}
