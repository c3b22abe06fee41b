/**
 * `npm run bench`: how fast the plan importer reads large documents (below), then the service
 * benchmarks of reminders.bench.ts (reminder wave, Redis bytes per reminder, plan import),
 * load.bench.ts (report API under load), dashboard.bench.ts (a history of 1,000,000
 * tasks: the dashboard queries, then the overdue sweep over it; `BENCH_DASHBOARD_TASKS=100000` for
 * a quick run) and cascade.bench.ts (the national cascade, scheduling its reminders, the
 * roll-up over 1,300 regions); they start PostgreSQL and Redis when needed.
 * `npm run bench -- --only=parsers,cascade` (or `--parsers-only`, `--services-only`, `--load-only`,
 * `--dashboard-only`, `--cascade-only`) runs some parts. The whole bench takes about 7 minutes on
 * 2 cores (the issue's limit is 10); it prints each part's wall time and the load average.
 *
 *   parse-text-1mb       parsePlanText on ~1 MB of plan text (warm: warm-up runs excluded)
 *   parse-text-1mb-cold  the first parsePlanText of a fresh process on the same text
 *   read-xlsx-1mb        readPlanDocument on a ~1 MB .xlsx task-division table (warm)
 *
 * The text is the reference plan (test/fixtures/004_…txt): its head once, then its body repeated
 * with each copy's chapter headings tagged by copy and its items renumbered (copy k continues from
 * 80·k, restarting at 1 every 12 copies so that numbers stay within the three digits plans use).
 * The workbook is built in memory with exceljs from the reference plan's items, one row per item
 * (序号 / 重点工作 / 牵头单位 / 配合单位 / 责任领导 / 完成时限), the task text tagged by row so
 * that shared strings do not collapse the file.
 *
 * Baselines, measured in the same run on the same input so that the ratio does not depend on the
 * machine:
 * - parse: `text.split('\n')` plus one regex pass over every line (the item-number pattern).
 *   That is the least any line-based reader must do, so the ratio says how many "plain passes"
 *   the parser costs.
 * - cold parse: the same split + regex pass, also as the first thing in a fresh process.
 * - xlsx: exceljs `workbook.xlsx.load` of the same buffer alone: the library's floor; the ratio
 *   is the cost of reading the table on top of unzipping and parsing the XML.
 *
 * Prints a table and writes bench/results/latest.json as
 * `{ "name": { "value", "unit", "baseline", "ratio" } }` (value and baseline are medians), merged
 * into the file's previous entries.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readPlanDocument } from '../../src/modules/plans/import/plan-document.reader';
import { parsePlanText } from '../../src/modules/plans/import/plan-text.parser';
import type { BenchRow } from './reminders.bench';

const ROOT = join(__dirname, '..', '..');
const REFERENCE = join(ROOT, 'test/fixtures/004_26c38e0122c86045.txt');
const RESULTS = join(ROOT, 'bench/results');
const TARGET_BYTES = 1024 * 1024;
const ITEMS_PER_COPY = 80;
const BASELINE_RE = /^\s*(\d{1,3})\s*[.、]/;

interface Result {
  name: string;
  median: number;
  p95: number;
  runs: number;
  baseline: number;
}

/** ~1 MB of plan text from the reference plan, items renumbered per copy (see above). */
export function buildPlanText(): string {
  const lines = readFileSync(REFERENCE, 'utf8').split('\n');
  const titleAt = lines.findIndex((l) => l.trim() === '关于进一步加强新时期民政工作责任分解方案');
  const head = lines.slice(0, titleAt + 1).join('\n');
  const body = lines.slice(titleAt + 1);
  const parts = [head];
  let bytes = Buffer.byteLength(head);
  for (let k = 0; bytes < TARGET_BYTES; k++) {
    const offset = ITEMS_PER_COPY * (k % 12);
    const copy = body
      .map((l) =>
        l
          .replace(/^(\s*)(\d{1,3})([.、])/, (_m, s: string, n: string, p: string) => {
            return `${s}${Number(n) + offset}${p}`;
          })
          .replace(/^(\s*[一二三四五六七八九十]+、)(.*)$/, `$1$2(第${k + 1}部分)`),
      )
      .join('\n');
    parts.push(copy);
    bytes += Buffer.byteLength(copy) + 1;
  }
  return parts.join('\n');
}

/** ~1 MB .xlsx built in memory: the reference items as table rows, repeated. */
async function buildWorkbook(): Promise<Buffer> {
  const items = parsePlanText(readFileSync(REFERENCE, 'utf8')).items;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('任务分工');
  ws.addRow(['关于进一步加强新时期民政工作责任分解方案']);
  ws.addRow(['序号', '重点工作', '牵头单位', '配合单位', '责任领导', '完成时限']);
  const deadlines = ['2024年6月底前', '2024年底前', '长期坚持', '2025年3月31日前'];
  const addRows = (from: number, to: number) => {
    for (let no = from; no < to; no++) {
      const item = items[no % items.length];
      ws.addRow([
        no + 1,
        `${item.text}(第${no + 1}项)`,
        item.lead.join('、'),
        item.support.join('、'),
        no % 3 === 0 ? '张三' : '',
        deadlines[no % deadlines.length],
      ]);
    }
  };
  // Compression makes the size hard to guess: write a sample, then scale the row count.
  const sample = 2000;
  addRows(0, sample);
  const sampleBytes = (await wb.xlsx.writeBuffer()).byteLength;
  const rows = Math.ceil((sample * TARGET_BYTES * 1.18) / sampleBytes);
  addRows(sample, rows);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return buf;
}

function stats(times: number[]): { median: number; p95: number } {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { median: at(0.5), p95: at(0.95) };
}

async function measure(
  runs: number,
  warmup: number,
  fn: () => unknown | Promise<unknown>,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times;
}

/** The baseline pass for text: split into lines and test one regex on each. */
function baselinePass(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) if (BASELINE_RE.test(line)) n++;
  return n;
}

/** Child-process mode: one cold parse (and one cold baseline pass), printed as JSON. */
function coldChild(): void {
  const text = buildPlanText();
  let started = performance.now();
  baselinePass(text);
  const baseline = performance.now() - started;
  started = performance.now();
  parsePlanText(text);
  const parse = performance.now() - started;
  process.stdout.write(JSON.stringify({ parse, baseline }));
}

function coldRuns(runs: number): { parse: number[]; baseline: number[] } {
  const out = { parse: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const json = execFileSync(
      process.execPath,
      ['-r', '@swc-node/register', __filename, '--cold-child'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const r = JSON.parse(json) as { parse: number; baseline: number };
    out.parse.push(r.parse);
    out.baseline.push(r.baseline);
  }
  return out;
}

/**
 * Which parts run: all by default; `--only=parsers,services,load,dashboard,cascade` (or
 * `--<part>-only`) picks.
 */
function selectedParts(): Set<string> {
  const parts = new Set<string>();
  for (const arg of process.argv.slice(2)) {
    const only = /^--only=(.+)$/.exec(arg);
    if (only) only[1].split(',').forEach((p) => parts.add(p.trim()));
    const single = /^--(\w+)-only$/.exec(arg);
    if (single) parts.add(single[1]);
  }
  return parts.size ? parts : new Set(['parsers', 'services', 'load', 'dashboard', 'cascade']);
}

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
  const results: Result[] = parts.has('parsers')
    ? await timedPart('parsers', parserBenchmarks)
    : [];
  const rowsOut: BenchRow[] = results.map((r) => ({
    name: r.name,
    value: r.median,
    p95: r.p95,
    unit: 'ms',
    baseline: r.baseline,
    runs: r.runs,
  }));
  // Each part is loaded only when it runs, so that the cold-parse child does not load the app.
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (parts.has('services')) {
    console.log('\nservice benchmarks (PostgreSQL, Redis, the Nest app):');
    const services = require('./reminders.bench') as typeof import('./reminders.bench');
    rowsOut.push(...(await timedPart('services', () => services.serviceBenchmarks())));
  }
  if (parts.has('load')) {
    console.log('\nload benchmarks (report API under 50 connections):');
    const loadRows = require('./load.bench') as typeof import('./load.bench');
    rowsOut.push(...(await timedPart('load', () => loadRows.loadBenchmarks())));
  }
  if (parts.has('dashboard')) {
    console.log('\nthe history of 1,000,000 tasks (dashboard queries, then the overdue sweep):');
    const dashboard = require('./dashboard.bench') as typeof import('./dashboard.bench');
    rowsOut.push(...(await timedPart('dashboard', () => dashboard.dashboardBenchmarks())));
  }
  if (parts.has('cascade')) {
    console.log('\nthe national cascade (80 items × 1,300 regions):');
    const cascade = require('./cascade.bench') as typeof import('./cascade.bench');
    rowsOut.push(...(await timedPart('cascade', () => cascade.cascadeBenchmarks())));
  }
  /* eslint-enable @typescript-eslint/no-require-imports */

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
      `total ${total.toFixed(1)} s (load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
  );
}

async function parserBenchmarks(): Promise<Result[]> {
  const results: Result[] = [];

  const text = buildPlanText();
  const items = parsePlanText(text).items.length;
  const textParse = await measure(15, 3, () => parsePlanText(text));
  const textBase = await measure(15, 3, () => baselinePass(text));
  results.push({
    name: 'parse-text-1mb',
    ...stats(textParse),
    runs: textParse.length,
    baseline: stats(textBase).median,
  });

  const cold = coldRuns(3);
  results.push({
    name: 'parse-text-1mb-cold',
    ...stats(cold.parse),
    runs: cold.parse.length,
    baseline: stats(cold.baseline).median,
  });

  const xlsx = await buildWorkbook();
  const rows = (await readPlanDocument(xlsx)).items.length;
  const xlsxRead = await measure(3, 1, () => readPlanDocument(xlsx, { sourceName: 'bench.xlsx' }));
  const xlsxBase = await measure(3, 1, () => new ExcelJS.Workbook().xlsx.load(xlsx as never));
  results.push({
    name: 'read-xlsx-1mb',
    ...stats(xlsxRead),
    runs: xlsxRead.length,
    baseline: stats(xlsxBase).median,
  });

  const mb = (n: number) => (n / 1024 / 1024).toFixed(2);
  console.log(`text: ${mb(Buffer.byteLength(text))} MB, ${items} items`);
  console.log(`xlsx: ${mb(xlsx.length)} MB, ${rows} items`);

  return results;
}

const round = (n: number) => Math.round(n * 100) / 100;

if (process.argv.includes('--cold-child')) {
  coldChild();
} else {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
