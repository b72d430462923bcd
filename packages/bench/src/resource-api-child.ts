import { runResourceApiBench } from '@sso/resource-api/bench';

/**
 * The resource API's bench in a process of its own (forked by index.ts), so its load generator
 * starts on an empty heap. Run from the bench process after the auth server's scenarios, autocannon
 * shared a heap grown by them and became the bottleneck: `/public` fell from ~17,800 to ~5,500
 * requests/s, and with both scenarios held to the generator's pace the ratio between them rose
 * towards 1 (95.1% against 74.1% with a fresh heap, same build).
 */
const report = await runResourceApiBench({ durationSec: Number(process.env.BENCH_DURATION ?? 5) });
process.send!(report, () => process.disconnect());
