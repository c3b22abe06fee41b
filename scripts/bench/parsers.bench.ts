/**
 * The parser rows of `npm run bench` (scripts/bench/main.ts): how fast the plan importer reads
 * large documents.
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
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readPlanDocument } from '../../src/modules/plans/import/plan-document.reader';
import { parsePlanText } from '../../src/modules/plans/import/plan-text.parser';
import { type BenchRow, stats } from './measure';

const ROOT = join(__dirname, '..', '..');
const REFERENCE = join(ROOT, 'test/fixtures/004_26c38e0122c86045.txt');
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
export async function buildWorkbook(): Promise<Buffer> {
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

export async function parserBenchmarks(): Promise<BenchRow[]> {
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

  return results.map((r) => ({
    name: r.name,
    value: r.median,
    p95: r.p95,
    unit: 'ms',
    baseline: r.baseline,
    runs: r.runs,
  }));
}

// A fresh process for the cold rows (coldRuns): this file run with `--cold-child`.
if (require.main === module && process.argv.includes('--cold-child')) coldChild();
