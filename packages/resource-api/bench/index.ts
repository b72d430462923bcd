import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formatReport, runResourceApiBench } from './resource-api-bench.js';

const durationSec = Number(process.env.BENCH_DURATION ?? 5);
const report = await runResourceApiBench({ durationSec });
console.log(formatReport(report));

const dir = fileURLToPath(new URL('../bench-results/', import.meta.url));
await mkdir(dir, { recursive: true });
const file = `${dir}resource-api.json`;
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nwritten to ${file}`);

const [, repeated, distinct] = report.scenarios;
const goals = [
  { name: 'repeated token >= 90% of /public', ok: (repeated?.ratioVsPublic ?? 0) >= 0.9 },
  { name: 'distinct tokens >= 50% of /public', ok: (distinct?.ratioVsPublic ?? 0) >= 0.5 },
];
for (const goal of goals) console.log(`${goal.ok ? 'PASS' : 'MISS'}  ${goal.name}`);
