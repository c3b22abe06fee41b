/**
 * The import corpus (test/fixtures/corpus, copied from the project's shared corpus): published
 * plans with the reading a careful clerk makes, and documents composed in wordings the corpus
 * does not have. Prints the score per document and requires every item right and no silent
 * error. The published documents are also reworded by vary.py (the corpus's own script) with
 * three seeds: a reader that fits one document's wording fails there.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  scoreReading,
  similarity,
  type CorpusScore,
  type TruthItem,
} from '../../../../test/support/corpus-score';
import { readPlanDocument } from './plan-document.reader';

const CORPUS = join(__dirname, '../../../../test/fixtures/corpus');

interface Doc {
  name: string;
  text: string;
  truth: TruthItem[];
}

/** `docs/<name>.txt` (a `source:` line and a blank line, then the text) with `truth/<name>.json`. */
function loadDocs(dir: string): Doc[] {
  return readdirSync(join(dir, 'truth'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -5);
      const raw = readFileSync(join(dir, 'docs', `${name}.txt`), 'utf8');
      const truth = JSON.parse(readFileSync(join(dir, 'truth', f), 'utf8')) as {
        items: TruthItem[];
      };
      return { name, text: raw.split('\n').slice(2).join('\n'), truth: truth.items };
    });
}

async function score(doc: Doc): Promise<CorpusScore> {
  const plan = await readPlanDocument(Buffer.from(doc.text, 'utf8'), {
    sourceName: `${doc.name}.txt`,
  });
  return scoreReading(doc.truth, plan.items);
}

async function scoreAll(docs: Doc[], title: string): Promise<CorpusScore[]> {
  const scores: CorpusScore[] = [];
  const rows = [`${title}`, `  ${'document'.padEnd(40)} right  total  flagged  silent  extra`];
  for (const doc of docs) {
    const s = await score(doc);
    scores.push(s);
    rows.push(
      `  ${doc.name.padEnd(40)} ${String(s.correct).padStart(5)}  ${String(s.total).padStart(5)}` +
        `  ${String(s.flagged).padStart(7)}  ${String(s.silent).padStart(6)}  ${String(s.extra).padStart(5)}`,
      ...s.wrong.map((w) => `      ${w}`),
    );
  }
  const right = scores.reduce((n, s) => n + s.correct, 0);
  const total = scores.reduce((n, s) => n + s.total, 0);
  const silent = scores.reduce((n, s) => n + s.silent, 0);
  rows.push(`  all: ${right}/${total} items right, ${silent} silent errors`);
  console.log(rows.join('\n'));
  return scores;
}

describe('import corpus', () => {
  it('reads every item of the published documents right, with no silent error', async () => {
    const docs = loadDocs(CORPUS);
    expect(docs.map((d) => d.name)).toHaveLength(5);
    const scores = await scoreAll(docs, 'published documents (test/fixtures/corpus)');
    for (const s of scores) {
      expect(s.wrong).toEqual([]);
      expect(s.correct).toBe(s.total);
    }
  });

  it('reads the composed documents (other wordings, layouts and rules) the same way', async () => {
    const docs = loadDocs(join(CORPUS, 'composed'));
    expect(docs.length).toBeGreaterThanOrEqual(5);
    const scores = await scoreAll(docs, 'composed documents (test/fixtures/corpus/composed)');
    for (const s of scores) expect(s.wrong).toEqual([]);
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  (python ? it : it.skip)(
    'reads the published documents reworded by vary.py (three seeds)',
    async () => {
      const out = mkdtempSync(join(tmpdir(), 'duban-vary-'));
      try {
        for (const seed of [101, 202, 303]) {
          const r = spawnSync('python3', [
            join(CORPUS, 'vary.py'),
            join(out, String(seed)),
            '--seed',
            String(seed),
            '--per-doc',
            '2',
          ]);
          expect(r.status).toBe(0);
          const scores = await scoreAll(
            loadDocs(join(out, String(seed))),
            `reworded, seed ${seed}`,
          );
          for (const s of scores) expect(s.wrong).toEqual([]);
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  );

  it('scores like score.py: a wrong unflagged item is silent, a flagged one is not', () => {
    const truth: TruthItem[] = [
      { no: 1, text: '完善社会救助制度。', lead: ['省民政厅'], support: ['省财政厅'] },
    ];
    const item = {
      no: 1,
      text: '完善社会救助制度。',
      lead: ['省财政厅'],
      support: ['省民政厅'],
      deadlines: [],
    };
    expect(scoreReading(truth, [item])).toMatchObject({ correct: 0, silent: 1 });
    expect(scoreReading(truth, [{ ...item, review: ['…'] }])).toMatchObject({
      correct: 0,
      silent: 0,
      flagged: 1,
    });
    expect(
      scoreReading(truth, [{ ...item, lead: ['省民政厅'], support: ['省财政厅'] }]),
    ).toMatchObject({ correct: 1 });
    expect(similarity('abcd', 'bcde')).toBeCloseTo(0.75);
  });
});
