/**
 * Scores a `plan parse --json` reading against a corpus truth file, exactly as
 * test/fixtures/corpus/score.py does (the way the import is judged): an item is right when its
 * lead set, support set and absolute deadline dates equal the truth (units compared after NFKC
 * and whitespace folding; for `lead_unspecified` items the union of lead and support); an item
 * read wrong or not found that carries no `review` reason is a silent error.
 */
export interface TruthItem {
  no: number | string;
  text: string;
  lead?: string[];
  support?: string[];
  deadlines?: Array<{ date?: string | null; kind?: string; alt_dates?: string[] }>;
  lead_unspecified?: boolean;
}

export interface ParsedItemLike {
  no: number | string;
  text: string;
  lead: string[];
  support: string[];
  deadlines: Array<{ date: string | null; kind: string }>;
  review?: string[];
}

export interface CorpusScore {
  total: number;
  correct: number;
  found: number;
  flagged: number;
  silent: number;
  extra: number;
  /** One line per item read wrong, for the test's output. */
  wrong: string[];
}

const norm = (s: string | null | undefined) => (s ?? '').normalize('NFKC').replace(/\s+/g, '');
const units = (xs: string[] | undefined) => new Set((xs ?? []).map(norm).filter(Boolean));
const same = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));

/** Ratcliff/Obershelp similarity, as Python's difflib.SequenceMatcher.ratio() (no autojunk). */
export function similarity(a: string, b: string): number {
  if (a.length + b.length === 0) return 1;
  const matches = (a0: number, a1: number, b0: number, b1: number): number => {
    let best = 0;
    let bi = 0;
    let bj = 0;
    let prev = new Map<number, number>();
    for (let i = a0; i < a1; i++) {
      const cur = new Map<number, number>();
      for (let j = b0; j < b1; j++) {
        if (a[i] !== b[j]) continue;
        const k = (prev.get(j - 1) ?? 0) + 1;
        cur.set(j, k);
        if (k > best) {
          best = k;
          bi = i - k + 1;
          bj = j - k + 1;
        }
      }
      prev = cur;
    }
    if (best === 0) return 0;
    return best + matches(a0, bi, b0, bj) + matches(bi + best, a1, bj + best, b1);
  };
  return (2 * matches(0, a.length, 0, b.length)) / (a.length + b.length);
}

function absoluteDates(ds: ParsedItemLike['deadlines']): Set<string> {
  return new Set(
    ds.filter((d) => d.date && d.kind === 'absolute').map((d) => String(d.date).slice(0, 10)),
  );
}

function deadlinesMatch(truth: TruthItem['deadlines'], parsed: Set<string>): boolean {
  const left = new Set(parsed);
  for (const d of truth ?? []) {
    if (!d.date || (d.kind ?? 'absolute') !== 'absolute') continue;
    const options = [String(d.date).slice(0, 10), ...(d.alt_dates ?? [])];
    const hit = options.find((o) => left.has(o));
    if (!hit) return false;
    for (const o of options) left.delete(o);
  }
  return left.size === 0;
}

export function scoreReading(truth: TruthItem[], parsed: ParsedItemLike[]): CorpusScore {
  const used = new Set<number>();
  const out: CorpusScore = {
    total: truth.length,
    correct: 0,
    found: 0,
    flagged: 0,
    silent: 0,
    extra: 0,
    wrong: [],
  };
  for (const t of truth) {
    let cands = parsed
      .map((p, i) => [i, p] as const)
      .filter(([i, p]) => !used.has(i) && String(p.no) === String(t.no));
    if (cands.length === 0)
      cands = parsed.map((p, i) => [i, p] as const).filter(([i]) => !used.has(i));
    let best: readonly [number, ParsedItemLike] | null = null;
    let score = 0;
    for (const c of cands) {
      const r = similarity(norm(t.text), norm(c[1].text));
      if (r > score) {
        best = c;
        score = r;
      }
    }
    if (best === null || score < 0.8) {
      out.silent++;
      out.wrong.push(`item ${t.no}: not found`);
      continue;
    }
    used.add(best[0]);
    const p = best[1];
    out.found++;
    const [tl, ts, pl, ps] = [units(t.lead), units(t.support), units(p.lead), units(p.support)];
    const okUnits = t.lead_unspecified
      ? same(new Set([...tl, ...ts]), new Set([...pl, ...ps]))
      : same(tl, pl) && same(ts, ps);
    const okDates = deadlinesMatch(t.deadlines, absoluteDates(p.deadlines));
    const review = p.review ?? [];
    if (review.length > 0) out.flagged++;
    if (okUnits && okDates) {
      out.correct++;
    } else {
      if (review.length === 0) out.silent++;
      out.wrong.push(
        `item ${t.no}${review.length ? ' (flagged)' : ' (SILENT)'}: lead ${[...pl]} / ${[...tl]}; ` +
          `support ${[...ps]} / ${[...ts]}; dates ${[...absoluteDates(p.deadlines)]}`,
      );
    }
  }
  out.extra = parsed.length - used.size;
  return out;
}
