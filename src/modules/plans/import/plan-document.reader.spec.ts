import { readFileSync } from 'fs';
import { join } from 'path';
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import type { ParsedPlan, PlanItem } from './plan-document.types';
import { PlanParseError } from './plan-parse.errors';
import { findTextTable, readPlanDocument, walkHtml } from './plan-document.reader';
import { DEFAULT_DOCUMENT_CAPS } from '../../../common/files/file-limits';
import { docxBomb, manyEntriesZip, xlsxBomb } from '../../../../test/support/hostile-files';

const FIXTURES = join(__dirname, '../../../../test/fixtures');
const TABLES = join(FIXTURES, 'tables');
const file = (name: string) => readFileSync(join(TABLES, name));

interface ExpectedItem {
  no: number;
  chapter?: string | null;
  section?: string | null;
  text?: string;
  lead: string[];
  support: string[];
  leaders?: string[];
  deadlines: Array<{ date: string | null; kind: string }>;
  targets: Array<{ op: string; value: number; valueMax?: number; unit: string }>;
  collective?: boolean;
}

interface Expected {
  title?: string;
  documentNumber?: string | null;
  issuedOn?: string | null;
  items: ExpectedItem[];
  warnings: Array<{ line: number; contains: string }>;
}

async function readError(buf: Buffer, sourceName?: string): Promise<PlanParseError> {
  try {
    await readPlanDocument(buf, { sourceName });
  } catch (err) {
    expect(err).toBeInstanceOf(PlanParseError);
    return err as PlanParseError;
  }
  throw new Error('expected a PlanParseError');
}

const sorted = (xs: string[]) => [...xs].sort();
const key = (o: object) => JSON.stringify(o);

/** What must be right for an item: the fields the expected file states. */
function differences(got: PlanItem | undefined, want: ExpectedItem): string[] {
  if (!got) return ['missing'];
  const diffs: string[] = [];
  const check = (name: string, a: unknown, b: unknown) => {
    if (key(a as object) !== key(b as object))
      diffs.push(`${name}: ${key(a as object)} ≠ ${key(b as object)}`);
  };
  check('lead', sorted(got.lead), sorted(want.lead));
  check('support', sorted(got.support), sorted(want.support));
  check('leaders', sorted(got.leaders ?? []), sorted(want.leaders ?? []));
  check(
    'deadlines',
    got.deadlines.map((d) => ({ date: d.date, kind: d.kind })),
    want.deadlines,
  );
  check(
    'targets',
    got.targets.map((t) => ({
      op: t.op,
      value: t.value,
      ...(t.valueMax !== undefined ? { valueMax: t.valueMax } : {}),
      unit: t.unit,
    })),
    want.targets,
  );
  check('collective', got.collective ?? false, want.collective ?? false);
  if (want.chapter !== undefined) check('chapter', got.chapter, want.chapter);
  if (want.section !== undefined) check('section', got.section, want.section);
  if (want.text !== undefined) check('text', got.text, want.text);
  return diffs;
}

const TABLE_FIXTURES = [
  'business-env.xlsx',
  'social-governance-tw.xlsx',
  'rural-revitalization.docx',
  'livelihood-pasted.txt',
];

describe('readPlanDocument — table fixtures scored against hand-written expectations', () => {
  const results: string[] = [];
  afterAll(() => console.log(`table fixtures, items fully right:\n${results.join('\n')}`));

  it.each(TABLE_FIXTURES)('%s', async (name) => {
    const expected = JSON.parse(
      readFileSync(join(TABLES, name.replace(/\.\w+$/, '.expected.json')), 'utf8'),
    ) as Expected;
    const plan: ParsedPlan = await readPlanDocument(file(name), { sourceName: name });
    const byNo = new Map(plan.items.map((i) => [i.no, i]));
    const failures = expected.items
      .map((want) => ({ no: want.no, diffs: differences(byNo.get(want.no), want) }))
      .filter((r) => r.diffs.length > 0);
    const right = expected.items.length - failures.length;
    results.push(
      `  ${name}: ${right}/${expected.items.length} = ${((100 * right) / expected.items.length).toFixed(1)}%`,
    );
    expect(failures).toEqual([]);
    expect(plan.items.map((i) => i.no)).toEqual(expected.items.map((i) => i.no));
    if (expected.title !== undefined) expect(plan.title).toBe(expected.title);
    if (expected.documentNumber !== undefined) {
      expect(plan.documentNumber).toBe(expected.documentNumber);
    }
    if (expected.issuedOn !== undefined) expect(plan.issuedOn).toBe(expected.issuedOn);
    expect(plan.warnings).toHaveLength(expected.warnings.length);
    expected.warnings.forEach((w, i) => {
      expect(plan.warnings[i].line).toBe(w.line);
      expect(plan.warnings[i].message).toContain(w.contains);
    });
  });
});

describe('readPlanDocument — bad input', () => {
  it('WRONG_COLUMNS names the missing column and the header cell', async () => {
    const err = await readError(file('wrong-columns.xlsx'), 'wrong-columns.xlsx');
    expect(err.code).toBe('WRONG_COLUMNS');
    expect(err.cell).toBe('A2');
    expect(err.line).toBe(2);
    expect(err.message).toContain('牵头单位');
    expect(err.message).toContain('A2');
    expect(err.message).toContain('Sheet1');
  });

  it('CORRUPT_FILE on a truncated .xlsx (first half of the bytes)', async () => {
    expect((await readError(file('truncated.xlsx'))).code).toBe('CORRUPT_FILE');
  });

  it('CORRUPT_FILE on a truncated .docx and on a zip whose contents are damaged', async () => {
    const docx = file('rural-revitalization.docx');
    expect((await readError(docx.subarray(0, docx.length >> 1))).code).toBe('CORRUPT_FILE');
    // Keep the directory, damage the compressed data in the middle.
    const damaged = Buffer.from(file('business-env.xlsx'));
    damaged.fill(0x41, 200, damaged.length >> 1);
    expect((await readError(damaged)).code).toBe('CORRUPT_FILE');
  });

  it('FILE_TOO_LARGE over 20 MB', async () => {
    const err = await readError(Buffer.alloc(21 * 1024 * 1024));
    expect(err.code).toBe('FILE_TOO_LARGE');
    expect(err.message).toContain('20 MB');
  });

  it('NOT_TEXT with a save-as hint for an old .doc/.xls (OLE header)', async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(1024),
    ]);
    const err = await readError(ole, '方案.doc');
    expect(err.code).toBe('NOT_TEXT');
    expect(err.message).toContain('.docx');
    expect(err.message).toContain('.xlsx');
  });

  it('EMPTY_DOCUMENT for an empty file or blank text; NOT_TEXT for other binary data', async () => {
    expect((await readError(Buffer.alloc(0))).code).toBe('EMPTY_DOCUMENT');
    expect((await readError(Buffer.from(' \n\u3000\n', 'utf8'))).code).toBe('EMPTY_DOCUMENT');
    expect((await readError(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]))).code).toBe(
      'NOT_TEXT',
    );
  });
});

describe('readPlanDocument — caps (before unpacking, and while reading)', () => {
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'read',
      (e: unknown) => (e as PlanParseError).code,
    );

  it('DOCUMENT_TOO_COMPLEX for a .docx and an .xlsx over the compression ratio, named in the message', async () => {
    const docx = readPlanDocument(docxBomb(), { sourceName: 'bomb.docx' });
    await expect(docx).rejects.toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX' });
    await expect(docx).rejects.toThrow(/压缩比异常.*bomb\.docx/);
    expect(await code(readPlanDocument(xlsxBomb()))).toBe('DOCUMENT_TOO_COMPLEX');
  });

  it('DOCUMENT_TOO_COMPLEX over the entry count and the unpacked size', async () => {
    expect(await code(readPlanDocument(manyEntriesZip(6000)))).toBe('DOCUMENT_TOO_COMPLEX');
    const caps = {
      ...DEFAULT_DOCUMENT_CAPS,
      zip: { ...DEFAULT_DOCUMENT_CAPS.zip, maxUnpackedBytes: 1000 },
    };
    const read = readPlanDocument(file('rural-revitalization.docx'), { caps });
    await expect(read).rejects.toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX' });
    await expect(read).rejects.toThrow(/解压后过大/);
  });

  it('DOCUMENT_TOO_COMPLEX for a sheet past the row cap, before its rows are walked', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('任务分工');
    ws.addRow(['序号', '重点工作', '牵头单位']);
    ws.getRow(5000).getCell(2).value = '最后一行';
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const caps = { ...DEFAULT_DOCUMENT_CAPS, xlsxMaxRows: 1000 };
    const read = readPlanDocument(buf, { caps });
    await expect(read).rejects.toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX' });
    await expect(read).rejects.toThrow(/5000 行/);
  });
});

describe('readPlanDocument — prose fallbacks', () => {
  const reference = readFileSync(join(FIXTURES, '004_26c38e0122c86045.txt'));

  it('reads the reference plan from text: 80 items', async () => {
    const plan = await readPlanDocument(reference, { sourceName: '004.txt' });
    expect(plan.items).toHaveLength(80);
    expect(plan.documentNumber).toBe('苏办〔2012〕85号');
  });

  it('reads the reference plan from a .docx without tables: 80 items', async () => {
    const lines = reference.toString('utf8').split(/\r?\n/);
    const doc = new Document({
      sections: [{ children: lines.map((line) => new Paragraph(line)) }],
    });
    const plan = await readPlanDocument(await Packer.toBuffer(doc), { sourceName: '004.docx' });
    expect(plan.items).toHaveLength(80);
    expect(plan.items[30].lead).toEqual(['省民政厅']);
  });

  it('reads a .docx whose only table is layout as prose', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Table({
              rows: [
                new TableRow({
                  children: [
                    new TableCell({ children: [new Paragraph('签发人：张三')] }),
                    new TableCell({ children: [new Paragraph('示办〔2024〕3号')] }),
                  ],
                }),
              ],
            }),
            new Paragraph('示例工作责任分解方案'),
            new Paragraph('一、总体任务'),
            new Paragraph('1.完善低保制度。(市民政局、市财政局)'),
          ],
        },
      ],
    });
    const plan = await readPlanDocument(await Packer.toBuffer(doc));
    expect(plan.items).toMatchObject([{ no: 1, lead: ['市民政局'], support: ['市财政局'] }]);
  });
});

describe('readPlanDocument — spreadsheets', () => {
  async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    build(wb);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('takes the first sheet with a header and reads formula results and rich text', async () => {
    const buf = await xlsx((wb) => {
      wb.addWorksheet('封面').getCell('A1').value = '示例方案';
      const ws = wb.addWorksheet('分工表');
      ws.addRow(['序号', '主要任务', '责任单位', '完成时限']);
      ws.addRow([
        { formula: '1', result: 1 },
        { richText: [{ text: '加强' }, { text: '队伍建设。' }] },
        '市人社局、市民政局',
        '2024年底前',
      ]);
    });
    const plan = await readPlanDocument(buf);
    expect(plan.items).toMatchObject([
      { no: 1, text: '加强队伍建设。', lead: ['市人社局'], support: ['市民政局'] },
    ]);
  });

  it('names the best header guess when no sheet has the required columns', async () => {
    const buf = await xlsx((wb) => {
      const ws = wb.addWorksheet('进度');
      ws.addRow(['说明']);
      ws.addRow(['序号', '工作任务', '进展情况']);
    });
    const err = await readError(buf);
    expect(err).toMatchObject({ code: 'WRONG_COLUMNS', cell: 'A2' });
    expect(err.message).toContain('进度');
  });
});

describe('pasted tables and the HTML walker', () => {
  it('reads a tab-separated table copied from Excel', async () => {
    const text = [
      '示例任务分工表',
      '序号\t重点工作\t牵头单位\t配合单位\t完成时限',
      '1\t完善低保制度。\t市民政局\t市财政局\t2024年6月底前',
      '2\t加强临时救助。\t市民政局\t\t长期坚持',
    ].join('\n');
    const plan = await readPlanDocument(Buffer.from(text, 'utf8'));
    expect(plan.title).toBe('示例任务分工表');
    expect(plan.items.map((i) => [i.no, i.lead, i.support])).toEqual([
      [1, ['市民政局'], ['市财政局']],
      [2, ['市民政局'], []],
    ]);
    expect(plan.items[0].deadlines[0].date).toBe('2024-06-30');
  });

  it('does not take prose for a pasted table', () => {
    expect(findTextTable('1.完善低保制度。(市民政局)\n牵头单位\n')).toBeNull();
  });

  it('fills colspan/rowspan, decodes entities and flattens nested tables', () => {
    const blocks = walkHtml(
      '<p>标题 &amp; 说明</p><table><tr><td rowspan="2"><p>a</p><p>b&#x4E00;</p></td>' +
        '<td colspan="2">c&lt;d&gt;</td></tr><tr><td><table><tr><td>x</td><td>y</td></tr></table>' +
        '</td><td>e&nbsp;f</td></tr></table>',
    );
    expect(blocks[0]).toEqual({ kind: 'p', text: '标题 & 说明' });
    expect(blocks[1]).toEqual({
      kind: 'table',
      width: 3,
      rows: [
        ['a\nb一', 'c<d>', 'c<d>'],
        ['a\nb一', 'x\ny', 'e\u00a0f'],
      ],
    });
  });
});
