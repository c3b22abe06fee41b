/**
 * Accuracy of the text parser on documents of each format (test/fixtures/formats): every
 * `X.txt` with a hand-written reading `X.expected.json`, plus seed 003. An item is fully
 * right when its lead set, supporting set, leaders (people named by 责任领导/分管领导/…; none
 * when the reading names none), dated (absolute/relative) deadlines and targets (op, value,
 * valueMax, unit) equal the expected reading. Prints a table; asserts ≥ 95%
 * overall and 100% on the reference plan (seed 004).
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { PlanItem } from './plan-document.types';
import { decodePlanBuffer, parsePlanText } from './plan-text.parser';

const FIXTURES = join(__dirname, '../../../../test/fixtures');
const FORMATS = join(FIXTURES, 'formats');

interface Expected {
  no: number;
  lead: string[];
  support: string[];
  leaders?: string[];
  deadlines: Array<{ phrase: string; date: string | null; kind: string }>;
  targets: Array<{ op: string; value: number; unit: string; valueMax?: number }>;
}

const sorted = (xs: string[]) => [...xs].sort().join('|');
const dated = (ds: Expected['deadlines']) =>
  sorted(ds.filter((d) => d.kind !== 'recurring').map((d) => `${d.kind}:${d.date}`));
const targets = (ts: Expected['targets']) =>
  sorted(ts.map((t) => `${t.op}:${t.value}:${t.valueMax ?? ''}:${t.unit}`));

function fullyRight(got: PlanItem | undefined, want: Expected): boolean {
  return (
    got !== undefined &&
    sorted(got.lead) === sorted(want.lead) &&
    sorted(got.support) === sorted(want.support) &&
    sorted(got.leaders ?? []) === sorted(want.leaders ?? []) &&
    dated(got.deadlines) === dated(want.deadlines) &&
    targets(got.targets) === targets(want.targets)
  );
}

function score(txt: string, expected: { items: Expected[] }) {
  const plan = parsePlanText(decodePlanBuffer(readFileSync(txt)));
  const right = expected.items.filter((want, k) => fullyRight(plan.items[k], want)).length;
  const extra = Math.max(0, plan.items.length - expected.items.length);
  return { items: expected.items.length + extra, right };
}

const cases: Array<{ name: string; txt: string; expected: { items: Expected[] } }> = [];
for (const f of readdirSync(FORMATS)
  .filter((n) => n.endsWith('.expected.json'))
  .sort()) {
  const base = f.replace(/\.expected\.json$/, '');
  const txt = existsSync(join(FORMATS, `${base}.txt`))
    ? join(FORMATS, `${base}.txt`)
    : join(FIXTURES, readdirSync(FIXTURES).find((n) => n.startsWith(`${base}_`)) ?? base);
  cases.push({ name: base, txt, expected: JSON.parse(readFileSync(join(FORMATS, f), 'utf8')) });
}

describe('format accuracy', () => {
  it('reads at least 95% of items fully right, and the reference plan 100%', () => {
    const rows = cases.map((c) => ({ name: c.name, ...score(c.txt, c.expected) }));
    const reference = score(
      join(FIXTURES, '004_26c38e0122c86045.txt'),
      JSON.parse(readFileSync(join(FIXTURES, '004_26c38e0122c86045.truth.json'), 'utf8')),
    );
    const pct = (r: number, n: number) => ((100 * r) / Math.max(1, n)).toFixed(1);
    const lines = ['format                 items  fully-right      %'];
    for (const r of [...rows, { name: 'reference (004)', ...reference }]) {
      lines.push(
        `${r.name.padEnd(22)} ${String(r.items).padStart(5)}  ${String(r.right).padStart(11)}  ${pct(r.right, r.items).padStart(5)}`,
      );
    }
    const items = rows.reduce((s, r) => s + r.items, 0);
    const right = rows.reduce((s, r) => s + r.right, 0);
    lines.push(
      `${'overall (formats)'.padEnd(22)} ${String(items).padStart(5)}  ${String(right).padStart(11)}  ${pct(right, items).padStart(5)}`,
    );
    console.log(lines.join('\n'));

    expect(cases.length).toBeGreaterThan(0);
    expect(right / items).toBeGreaterThanOrEqual(0.95);
    expect(reference.right).toBe(reference.items);
  });
});
