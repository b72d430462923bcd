import { runResourceApiBench } from '@sso/resource-api/bench';

/**
 * The resource API's bench in a process of its own (forked by index.ts), so its load generator
 * starts on an empty heap. Run inside the bench process, after everything the auth server's
 * scenarios left there, `/public` answered 4,263–15,359 requests/s against 17,840–19,211 from a
 * fresh process. A generator that is the bottleneck holds both scenarios to its own pace and pulls
 * their ratio towards 1: with 1.5 million live objects on the generator's heap, `/public` fell to
 * 5,482/s and the repeated token rose to 95.1% of it (74.1% from a fresh process, same build).
 */
const report = await runResourceApiBench({ durationSec: Number(process.env.BENCH_DURATION ?? 5) });
process.send!(report, () => process.disconnect());
