/**
 * `npm run bench`: how fast the plan importer reads large documents (below), then the service
 * benchmarks of reminders.bench.ts (reminder wave, Redis bytes per reminder, plan import),
 * load.bench.ts (the report API and a bare insert under load, each a compiled process of its own,
 * loaded from another process), dashboard.bench.ts (a history of 1,000,000
 * tasks: the dashboard queries, then the overdue sweep over it; `BENCH_DASHBOARD_TASKS=100000` for
 * a quick run), files.bench.ts (/health latency while a .docx bomb is refused and a large .xlsx read)
 * and cascade.bench.ts (the national cascade, scheduling its reminders, the roll-up over 1,300
 * regions); they start PostgreSQL and Redis when needed.
 * `npm run bench -- --only=parsers,cascade` (or `--parsers-only`, `--services-only`, `--load-only`,
 * `--dashboard-only`, `--cascade-only`) runs some parts. The whole bench takes about 8 minutes on
 * 2 cores (the issue's limit is 10); it prints each part's wall time and the load average.
 *
 * Prints a table and writes bench/results/latest.json as
 * `{ "name": { "value", "unit", "baseline", "ratio" } }` (value and baseline are medians), merged
 * into the file's previous entries. Each part's rows and baselines are described in its own file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './measure';

const RESULTS = join(__dirname, '..', '..', 'bench/results');

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * The parts in the order they run. Each is loaded only when it runs: a parsers-only run never loads
 * the app.
 */
const PARTS: Record<string, { heading?: string; run: () => Promise<BenchRow[]> }> = {
  parsers: {
    run: () => (require('./parsers.bench') as typeof import('./parsers.bench')).parserBenchmarks(),
  },
  services: {
    heading: 'service benchmarks (PostgreSQL, Redis, the Nest app):',
    run: () =>
      (require('./reminders.bench') as typeof import('./reminders.bench')).serviceBenchmarks(),
  },
  load: {
    heading: 'load benchmarks (report API and bare insert, compiled, in processes of their own):',
    run: () => (require('./load.bench') as typeof import('./load.bench')).loadBenchmarks(),
  },
  dashboard: {
    heading: 'the history of 1,000,000 tasks (dashboard queries, then the overdue sweep):',
    run: () =>
      (require('./dashboard.bench') as typeof import('./dashboard.bench')).dashboardBenchmarks(),
  },
  files: {
    heading: 'files that cannot stall the service (/health while documents are refused and read):',
    run: () => (require('./files.bench') as typeof import('./files.bench')).fileBenchmarks(),
  },
  cascade: {
    heading: 'the national cascade (80 items × 1,300 regions):',
    run: () => (require('./cascade.bench') as typeof import('./cascade.bench')).cascadeBenchmarks(),
  },
};
/* eslint-enable @typescript-eslint/no-require-imports */

const USAGE =
  'usage: npm run bench [-- --only=<part>,… | --<part>-only]\n' +
  `parts: ${Object.keys(PARTS).join(', ')} (all of them by default, about 8 minutes on 2 cores)`;

/**
 * Which parts run: all by default; `--only=parsers,services,load,dashboard,files,cascade` (or
 * `--<part>-only`) picks. An argument it does not know stops the bench rather than running it all.
 */
function selectedParts(): Set<string> {
  const parts = new Set<string>();
  for (const arg of process.argv.slice(2)) {
    const only = /^--only=(.+)$/.exec(arg);
    if (only) only[1].split(',').forEach((p) => parts.add(p.trim()));
    const single = /^--(\w+)-only$/.exec(arg);
    if (single) parts.add(single[1]);
    if (!only && !single) throw new UsageError(arg === '--help' ? '' : `unknown argument ${arg}`);
  }
  const unknown = [...parts].filter((p) => !(p in PARTS));
  if (unknown.length) throw new UsageError(`unknown part ${unknown.join(', ')}`);
  return parts.size ? parts : new Set(Object.keys(PARTS));
}

class UsageError extends Error {}

/** Wall time of each part, printed at the end: the whole bench must stay under 10 minutes. */
const partTimes: [string, number][] = [];
const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function timedPart<T>(part: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    const ms = performance.now() - started;
    partTimes.push([part, ms]);
    console.log(`  [${part}: ${(ms / 1000).toFixed(1)} s wall, load average ${loadAverage()}]`);
  }
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const parts = selectedParts();
  const rowsOut: BenchRow[] = [];
  for (const [part, { heading, run }] of Object.entries(PARTS)) {
    if (!parts.has(part)) continue;
    if (heading) console.log(`\n${heading}`);
    rowsOut.push(...(await timedPart(part, run)));
  }

  console.log('');
  console.log(
    `${'name'.padEnd(30)}${'value'.padStart(11)}${'unit'.padStart(5)}${'p95'.padStart(10)}` +
      `${'runs'.padStart(6)}${'baseline'.padStart(12)}${'ratio'.padStart(8)}`,
  );
  const json: Record<string, { value: number; unit: string; baseline: number; ratio: number }> = {};
  for (const r of rowsOut) {
    const ratio = r.baseline > 0 ? r.value / r.baseline : 0;
    const ratioText = r.baseline > 0 ? (ratio < 0.1 ? ratio.toFixed(4) : ratio.toFixed(2)) : '–';
    console.log(
      `${r.name.padEnd(30)}${r.value.toFixed(1).padStart(11)}${r.unit.padStart(5)}` +
        `${(r.p95 === undefined ? '–' : r.p95.toFixed(1)).padStart(10)}${String(r.runs).padStart(6)}` +
        `${(r.baseline > 0 ? r.baseline.toFixed(1) : '–').padStart(12)}${ratioText.padStart(8)}`,
    );
    json[r.name] = {
      value: round(r.value),
      unit: r.unit,
      baseline: round(r.baseline),
      ratio: Math.round(ratio * 10_000) / 10_000,
    };
  }
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, 'latest.json');
  // Merged: a `--parsers-only` run keeps the service rows of the last full run, and vice versa.
  const previous = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
    : {};
  writeFileSync(file, JSON.stringify({ ...previous, ...json }, null, 2) + '\n');
  console.log(`\nwrote ${join('bench/results', 'latest.json')}`);
  const total = (performance.now() - benchStarted) / 1000;
  console.log(
    `wall time: ${partTimes.map(([p, ms]) => `${p} ${(ms / 1000).toFixed(1)} s`).join(', ')}; ` +
      `total ${total.toFixed(1)} s (load average ${loadAverage()})`,
  );
}

const round = (n: number) => Math.round(n * 100) / 100;

main().then(
  () => process.exit(0),
  (err: unknown) => {
    if (err instanceof UsageError) {
      if (err.message) console.error(err.message);
      console.error(USAGE);
      process.exit(err.message ? 2 : 0);
    }
    console.error(err);
    process.exit(1);
  },
);
