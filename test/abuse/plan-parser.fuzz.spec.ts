import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import fc from 'fast-check';
import type { ParseAnswer, ParseRequest } from '../support/parse-runner';
import { FIXTURES } from '../support/fixtures';

/**
 * Fuzzing the plan reader (`readPlan`, what every import goes through) with random documents and
 * documents mutated from test/fixtures, text and binary (.xlsx, .docx, .pdf, GBK text). Property: each
 * document is either read, or refused with a coded PlanParseError (which the import service turns
 * into a DomainException with the same code, 422) whose message is Chinese a liaison can read;
 * nothing else is ever thrown, and no read hangs. Each read runs in a child process under a time
 * budget: a read still running at the budget is a hang (the child is killed and replaced), a
 * limit far above any real parse, not a speed assertion. fast-check runs with a fixed seed, so a
 * run is repeatable and a failure prints its seed, path and shrunk counterexample.
 */
const SEED = 20261201;
const TEXT_RUNS = 1_000;
const BINARY_RUNS = 300;
const BUDGET_MS = 15_000;
const ROOT = join(__dirname, '..', '..');

class ParseClient {
  private child!: ChildProcess;
  private waiting = new Map<number, (a: ParseAnswer) => void>();
  private nextId = 0;
  hangs = 0;

  constructor() {
    this.spawn();
  }

  private spawn(): void {
    this.child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'test/support/parse-runner.ts'],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const a = JSON.parse(line) as ParseAnswer;
      this.waiting.get(a.id)?.(a);
      this.waiting.delete(a.id);
    });
  }

  read(doc: { text?: string; bytes?: Uint8Array }): Promise<ParseAnswer | 'hang'> {
    const id = this.nextId++;
    const req: ParseRequest =
      doc.text !== undefined
        ? { id, text: doc.text }
        : { id, base64: Buffer.from(doc.bytes!).toString('base64') };
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        this.hangs++;
        this.child.kill('SIGKILL');
        this.spawn();
        resolve('hang');
      }, BUDGET_MS);
      this.waiting.set(id, (a) => {
        clearTimeout(timer);
        resolve(a);
      });
      this.child.stdin!.write(`${JSON.stringify(req)}\n`);
    });
  }

  stop(): void {
    this.child.kill('SIGKILL');
  }
}

const CJK = /[\u4e00-\u9fff]/;

/** Strings that have broken parsers before, or that an attacker would try. */
const HOSTILE = [
  '((((((((((((((((((((',
  '))))))))))',
  '(((牵头单位:(配合单位:(',
  '、、、、、、、、、、',
  '牵头单位:',
  '责任单位:省民政厅、',
  '\u0000',
  '\r',
  '\r\n\r\n',
  '\uFEFF',
  '\u202E',
  '𠮷𠮷',
  '1.',
  '99999999999999999999.',
  '(一)',
  '一、',
  '第一章',
  '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳',
  '2026年13月45日前',
  '2026年2月30日前完成',
  '9999年底前',
  '每月25日前报送',
  '<script>alert(1)</script>',
  "'; DROP TABLE task;--",
  '../../../../etc/passwd',
  '${jndi:ldap://x}',
  '=HYPERLINK("http://x")',
  '\t\t\t\t',
  '|||||',
  '牵头单位 | 配合单位 | 完成时限',
];

type Mutation =
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'insert'; at: number; s: string }
  | { kind: 'repeat'; at: number; s: string; times: number }
  | { kind: 'duplicate'; at: number; len: number; times: number }
  | { kind: 'swapLines'; a: number; b: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'digits'; to: string };

const position = fc.nat({ max: 1_000_000 });
const fragment = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: position, len: fc.nat({ max: 400 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, s: fragment }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: position,
    s: fc.constantFrom(...HOSTILE),
    times: fc.integer({ min: 2, max: 5_000 }),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: position,
    len: fc.integer({ min: 1, max: 2_000 }),
    times: fc.integer({ min: 2, max: 30 }),
  }),
  fc.record({ kind: fc.constant('swapLines' as const), a: position, b: position }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({
    kind: fc.constant('digits' as const),
    to: fc.constantFrom('0', '999', '12345678901234567890', '１２', '一', '⑳', '-1', ''),
  }),
);

function mutate(text: string, ops: Mutation[]): string {
  let s = text;
  for (const op of ops) {
    const at = s.length
      ? op.kind === 'swapLines' || op.kind === 'digits'
        ? 0
        : (op as { at: number }).at % (s.length + 1)
      : 0;
    switch (op.kind) {
      case 'delete':
        s = s.slice(0, at) + s.slice(at + op.len);
        break;
      case 'insert':
        s = s.slice(0, at) + op.s + s.slice(at);
        break;
      case 'repeat':
        s = s.slice(0, at) + op.s.repeat(op.times) + s.slice(at);
        break;
      case 'duplicate':
        s = s.slice(0, at) + s.slice(at, at + op.len).repeat(op.times) + s.slice(at);
        break;
      case 'swapLines': {
        const lines = s.split('\n');
        const a = op.a % lines.length;
        const b = op.b % lines.length;
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        s = lines.join('\n');
        break;
      }
      case 'truncate':
        s = s.slice(0, at);
        break;
      case 'digits':
        s = s.replace(/\d+/g, op.to);
        break;
    }
  }
  return s;
}

function mutateBytes(buf: Buffer, ops: { at: number; byte: number; cut: boolean }[]): Uint8Array {
  let out = Buffer.from(buf);
  for (const op of ops) {
    const at = op.at % Math.max(1, out.length);
    if (op.cut) out = out.subarray(0, at);
    else if (out.length) out[at] = op.byte;
  }
  return out;
}

const texts = [
  ...readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => join(FIXTURES, f)),
  ...readdirSync(join(FIXTURES, 'formats'))
    .filter((f) => f.endsWith('.txt') && f !== 'gbk.txt')
    .map((f) => join(FIXTURES, 'formats', f)),
  join(FIXTURES, 'tables', 'livelihood-pasted.txt'),
].map((f) => readFileSync(f, 'utf8'));
const binaries = [
  join(FIXTURES, 'tables', 'business-env.xlsx'),
  join(FIXTURES, 'tables', 'social-governance-tw.xlsx'),
  join(FIXTURES, 'tables', 'rural-revitalization.docx'),
  join(FIXTURES, 'formats', 'gbk.txt'),
  join(FIXTURES, 'pdf', 'xiaofei.pdf'),
].map((f) => readFileSync(f));

/**
 * The whole run's limit. What the property checks is per document (a read that does not answer in
 * time is a hang, counted by the parse client); the run itself took 20–65 s here depending on the
 * machine's load, and jest's default limit of 60 s failed it under load, not on a finding.
 */
const WHOLE_RUN_MS = 300_000;

describe('plan reader fuzz (fast-check, fixed seed)', () => {
  const client = new ParseClient();
  const outcomes = new Map<string, number>();
  const note = (a: ParseAnswer | 'hang') => {
    const key = a === 'hang' ? 'hang' : a.ok ? 'read' : `refused ${a.error!.code ?? a.error!.name}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  };
  /** The property: read, or refused with a coded, Chinese error; never a hang or another throw. */
  const acceptable = (a: ParseAnswer | 'hang'): boolean => {
    note(a);
    if (a === 'hang') return false;
    if (a.ok) return true;
    return a.error!.coded && CJK.test(a.error!.message) && a.error!.message.length < 2_000;
  };

  afterAll(() => {
    client.stop();
    console.info(
      `plan-parser fuzz: ${[...outcomes.values()].reduce((a, b) => a + b, 0)} documents, ` +
        `${client.hangs} hangs: ${JSON.stringify(Object.fromEntries(outcomes))}`,
    );
  });

  it(
    `reads or refuses with a code ${TEXT_RUNS} random and mutated text documents`,
    async () => {
      const doc = fc.oneof(
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3_000 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3_000 }) },
        {
          weight: 6,
          arbitrary: fc
            .tuple(fc.constantFrom(...texts), fc.array(mutation, { minLength: 1, maxLength: 8 }))
            .map(([text, ops]) => mutate(text, ops)),
        },
      );
      const details = await fc.check(
        fc.asyncProperty(doc, async (text) => acceptable(await client.read({ text }))),
        { seed: SEED, numRuns: TEXT_RUNS, endOnFailure: true },
      );
      expect(fc.defaultReportMessage(details) ?? 'ok').toBe('ok');
      expect(details.numRuns).toBe(TEXT_RUNS);
    },
    WHOLE_RUN_MS,
  );

  it(
    `reads or refuses with a code ${BINARY_RUNS} corrupted .xlsx, .docx, .pdf and GBK files`,
    async () => {
      const doc = fc.oneof(
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4_000 }) },
        {
          weight: 5,
          arbitrary: fc
            .tuple(
              fc.constantFrom(...binaries),
              fc.array(fc.record({ at: position, byte: fc.nat({ max: 255 }), cut: fc.boolean() }), {
                minLength: 1,
                maxLength: 12,
              }),
            )
            .map(([buf, ops]) => mutateBytes(buf, ops)),
        },
      );
      const details = await fc.check(
        fc.asyncProperty(doc, async (bytes) => acceptable(await client.read({ bytes }))),
        { seed: SEED, numRuns: BINARY_RUNS, endOnFailure: true },
      );
      expect(fc.defaultReportMessage(details) ?? 'ok').toBe('ok');
      expect(details.numRuns).toBe(BINARY_RUNS);
    },
    WHOLE_RUN_MS,
  );
});
