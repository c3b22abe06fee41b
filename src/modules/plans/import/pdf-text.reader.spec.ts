import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import type { ParsedPlan } from './plan-document.types';
import { PlanParseError } from './plan-parse.errors';
import { readPlanDocument } from './plan-document.reader';
import { parsePlanText } from './plan-text.parser';
import {
  dropRunningLines,
  extractPdfPages,
  isPageNumberLine,
  pdfPagesToText,
  type PdfLine,
  type PdfPage,
} from './pdf-text.reader';

const ROOT = join(__dirname, '../../../..');
const FIXTURES = join(ROOT, 'test/fixtures');
const PDF = join(FIXTURES, 'pdf');
const pdf = (name: string) => readFileSync(join(PDF, name));
const REFERENCE_TEXT = readFileSync(join(FIXTURES, '004_26c38e0122c86045.txt'), 'utf8');
/** The running header and footer printed on every page of the fixtures (scripts/make-pdf-fixtures.ts). */
const RUNNING_HEADER = '关于进一步加强新时期民政工作责任分解方案';

async function readError(buf: Buffer): Promise<PlanParseError> {
  try {
    await readPlanDocument(buf, { sourceName: 'x.pdf' });
  } catch (err) {
    expect(err).toBeInstanceOf(PlanParseError);
    return err as PlanParseError;
  }
  throw new Error('expected a PlanParseError');
}

/** The whole reading; only the key order of JSON is irrelevant. */
const reading = (plan: ParsedPlan) => JSON.parse(JSON.stringify(plan)) as ParsedPlan;

describe('readPlanDocument — PDF', () => {
  jest.setTimeout(30_000);

  it('reads the reference plan PDF exactly as its text: every item, field by field', async () => {
    const fromPdf = await readPlanDocument(pdf('reference-plan.pdf'), { sourceName: 'x.pdf' });
    const fromText = parsePlanText(REFERENCE_TEXT, { sourceName: 'x.pdf' });
    expect(fromPdf.items).toHaveLength(80);
    expect(fromPdf.items.map((i) => i.no)).toEqual(fromText.items.map((i) => i.no));
    // Item by item first, so that a failure names the item.
    fromText.items.forEach((want, k) => {
      expect({ no: want.no, item: reading(fromPdf).items[k] }).toEqual({ no: want.no, item: want });
    });
    // Then everything: title, document number, issue date, items and warnings.
    expect(reading(fromPdf)).toEqual(reading(fromText));
    expect(fromPdf.items.filter((i) => i.targets.length > 0)).toHaveLength(
      fromText.items.filter((i) => i.targets.length > 0).length,
    );
  });

  it('rejoins the lines the layout broke: the text is the source text, paragraph for paragraph', async () => {
    const pages = await extractPdfPages(pdf('reference-plan.pdf'));
    expect(pages.length).toBeGreaterThan(3);
    const paragraphs = (s: string) =>
      s
        .split('\n')
        .map((l) => l.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '').replace(/[\s\u3000]{2,}/g, ' '))
        .filter((l) => l !== '');
    expect(paragraphs(pdfPagesToText(pages))).toEqual(paragraphs(REFERENCE_TEXT));
  });

  it('drops running headers, footers and page numbers: none in any item text', async () => {
    const pages = await extractPdfPages(pdf('reference-plan.pdf'));
    // They are there to be dropped: the header and `— n —` on every page.
    for (const [p, page] of pages.entries()) {
      expect(page.lines[0].text).toBe(RUNNING_HEADER);
      expect(page.lines.map((l) => l.text)).toContain(`— ${p + 1} —`);
    }
    const text = pdfPagesToText(pages);
    expect(text).not.toMatch(/—\s*\d+\s*—/);
    // The header's words are also the plan's title line, which stays once, as in the text.
    const titleLines = (s: string) => s.split('\n').filter((l) => l.trim() === RUNNING_HEADER);
    expect(titleLines(text)).toHaveLength(titleLines(REFERENCE_TEXT).length);

    const plan = await readPlanDocument(pdf('reference-plan.pdf'));
    for (const item of plan.items) {
      expect(item.text).not.toContain(RUNNING_HEADER);
      expect(item.text).not.toMatch(/—\s*\d+\s*—/);
      expect([...item.lead, ...item.support].join()).not.toMatch(/—|\d/);
    }
  });

  it('reads a corpus notice printed to PDF as its text', async () => {
    const source = readFileSync(join(FIXTURES, 'pdf/xiaofei.txt'), 'utf8');
    const fromPdf = await readPlanDocument(pdf('xiaofei.pdf'));
    expect(reading(fromPdf)).toEqual(reading(parsePlanText(source)));
    expect(fromPdf.items.length).toBeGreaterThan(10);
  });

  it('NO_TEXT_LAYER for a scan (pages of pixels only), with what to do instead', async () => {
    const err = await readError(pdf('scanned.pdf'));
    expect(err.code).toBe('NO_TEXT_LAYER');
    expect(err.message).toContain('扫描件');
    expect(err.message).toContain('粘贴');
    expect(err.message).toContain('Word');
  });

  it('CORRUPT_FILE, quickly, for a truncated PDF and for random bytes after %PDF-', async () => {
    const whole = pdf('reference-plan.pdf');
    let seed = 7;
    const random = Buffer.from(
      Array.from(
        { length: 20_000 },
        () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff,
      ),
    );
    const cases = {
      truncated: whole.subarray(0, whole.length >> 1),
      random: Buffer.concat([Buffer.from('%PDF-1.7\n'), random]),
      'random with %%EOF': Buffer.concat([
        Buffer.from('%PDF-1.7\n'),
        random,
        Buffer.from('\n%%EOF\n'),
      ]),
      'only the magic': Buffer.from('%PDF-'),
      'body cut out': Buffer.concat([whole.subarray(0, 2000), whole.subarray(whole.length - 2000)]),
    };
    for (const [name, buf] of Object.entries(cases)) {
      const started = Date.now();
      const err = await readError(buf);
      expect({ name, code: err.code }).toEqual({ name, code: 'CORRUPT_FILE' });
      expect(Date.now() - started).toBeLessThan(5_000);
    }
  });

  it('the CLI reads a PDF: `plan parse X.pdf --json`', () => {
    const run = spawnSync(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'src/cli/main.ts',
        'plan',
        'parse',
        join(PDF, 'reference-plan.pdf'),
        '--json',
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const parsed = JSON.parse(run.stdout) as ParsedPlan;
    expect(reading(parsed)).toEqual(reading(parsePlanText(REFERENCE_TEXT, { sourceName: 'x' })));
  }, 60_000);
});

describe('PDF text: headers, footers and paragraphs', () => {
  const line = (page: number, y: number, text: string, x = 72, right = 520): PdfLine => ({
    page,
    x,
    right,
    y,
    size: 12,
    text,
  });

  it('knows page-number lines', () => {
    for (const t of [
      '- 3 -',
      '— 3 —',
      '3',
      '第3页',
      '第 3 页 共 10 页',
      '3/10',
      '—12—',
      '共10页 第3页',
    ]) {
      expect({ t, page: isPageNumberLine(t) }).toEqual({ t, page: true });
    }
    for (const t of ['3.加强组织领导', '2015年', '一、总体要求', '第三条 责任分工']) {
      expect({ t, page: isPageNumberLine(t) }).toEqual({ t, page: false });
    }
  });

  it('drops a line repeated on most pages at the same height, keeps body lines that repeat elsewhere', () => {
    const pages: PdfPage[] = [1, 2, 3].map((p) => ({
      height: 842,
      lines: [
        line(p, 800, '示范市人民政府办公室文件', 200, 400),
        line(p, 700, `${p}.第${p}项工作内容。（市民政局）`, 72, 300),
        line(p, 680, '（市民政局）', 72, 150),
        line(p, 660, '正文最后一行', 72, 200),
        line(p, 40, `第 ${p} 页 共 3 页`, 250, 340),
      ],
    }));
    const kept = dropRunningLines(pages)
      .flat()
      .map((l) => l.text);
    expect(kept).not.toContain('示范市人民政府办公室文件');
    expect(kept.filter((t) => t.startsWith('第 '))).toEqual([]);
    expect(kept.filter((t) => t === '（市民政局）')).toHaveLength(3);
  });

  it('joins a full-width line with the next; a short one, a sentence end or a numbering label ends a paragraph', () => {
    const page: PdfPage = {
      height: 842,
      lines: [
        line(1, 700, '1.完善社会救助制度，不断提高城乡低保对象', 72, 520),
        line(1, 680, '生活保障水平。（省民政厅）', 72, 230),
        line(1, 660, '2.加大医疗救助力度，稳步提高救助比例和封顶', 72, 520),
        line(1, 640, '牵头单位：省卫生厅', 72, 180),
        line(1, 620, '3.Deadline 2024', 72, 520),
        line(1, 600, 'Q3 report。', 72, 160),
      ],
    };
    expect(pdfPagesToText([page]).split('\n')).toEqual([
      '1.完善社会救助制度，不断提高城乡低保对象生活保障水平。（省民政厅）',
      '2.加大医疗救助力度，稳步提高救助比例和封顶',
      '牵头单位：省卫生厅',
      '3.Deadline 2024 Q3 report。',
      '',
    ]);
  });
});
