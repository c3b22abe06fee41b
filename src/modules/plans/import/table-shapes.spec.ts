/**
 * Tables of any shape: the chongchuan 督查 table from the corpus, and tables composed here in
 * other column orders, header words and layouts (cells one per line with or without ` |`,
 * `|` rows, tab-separated rows, merged and wrapped cells, .xlsx and .docx).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import ExcelJS from 'exceljs';
import {
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell as DocxCell,
  TableRow as DocxRow,
} from 'docx';
import type { ParsedPlan, PlanItem } from './plan-document.types';
import { readPastedText, readPlanDocument } from './plan-document.reader';
import { columnKindOf } from './table-plan.parser';

const CORPUS = join(__dirname, '../../../../test/fixtures/corpus');

interface TruthItem {
  no: number;
  text: string;
  lead: string[];
  support: string[];
  leaders?: string[];
  deadlines: Array<{ date: string | null; kind: string }>;
}

const fold = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
const set = (xs: string[]) => JSON.stringify([...new Set(xs.map(fold))].sort());
const dates = (d: Array<{ date: string | null; kind: string }>) =>
  JSON.stringify(
    d
      .filter((x) => x.kind === 'absolute')
      .map((x) => x.date)
      .sort(),
  );

/** Scores a reading the way score.py does: lead, support and absolute deadline dates. */
function score(truth: TruthItem[], plan: ParsedPlan): { right: number; silent: number } {
  const byNo = new Map(plan.items.map((i) => [i.no, i]));
  let right = 0;
  let silent = 0;
  for (const want of truth) {
    const got = byNo.get(want.no);
    const ok =
      got !== undefined &&
      set(got.lead) === set(want.lead) &&
      set(got.support) === set(want.support) &&
      dates(got.deadlines) === dates(want.deadlines);
    if (ok) right++;
    else if (!got?.review?.length) silent++;
  }
  return { right, silent };
}

describe('the chongchuan 督查 progress table (corpus)', () => {
  const raw = readFileSync(join(CORPUS, 'docs/chongchuan-2023-duban.txt'), 'utf8');
  const text = raw.split('\n').slice(2).join('\n');
  const truth = JSON.parse(
    readFileSync(join(CORPUS, 'truth/chongchuan-2023-duban.json'), 'utf8'),
  ) as { items: TruthItem[] };

  it('reads every row right, leaders apart, with nothing from the progress cells', async () => {
    const plan = await readPlanDocument(Buffer.from(text, 'utf8'), {
      sourceName: 'chongchuan-2023-duban.txt',
    });
    const { right, silent } = score(truth.items, plan);
    console.log(
      `corpus chongchuan-2023-duban: ${right}/${truth.items.length} right, ${silent} silent`,
    );
    expect(right).toBe(truth.items.length);
    expect(silent).toBe(0);
    expect(plan.items.map((i) => [i.no, i.text, i.leaders])).toEqual(
      truth.items.map((i) => [i.no, i.text, i.leaders]),
    );
    for (const item of plan.items) {
      // `9月28`, `滞后了2个月`, `完成30%` are progress remarks, not deadlines or targets.
      expect(item.deadlines).toEqual([]);
      expect(item.targets.map((t) => t.value)).not.toContain(30);
      expect(item.targets.map((t) => t.value)).not.toContain(451);
      // The rows carry one cell fewer than the header (a merged 主要任务 column): flagged.
      expect(item.review?.[0]).toContain('单元格数与表头列数不一致');
    }
    expect(plan.items.every((i) => i.collective)).toBe(true);
  });

  it('reads it the same when pasted into the import page', () => {
    const plan = readPastedText(text);
    expect(score(truth.items, plan).right).toBe(truth.items.length);
  });
});

describe('columnKindOf: a lexicon of header words', () => {
  it.each([
    ['编号', 'no'],
    ['序', 'no'],
    ['改革举措', 'task'],
    ['主要内容', 'task'],
    ['工作内容', 'task'],
    ['具体措施', 'task'],
    ['工作措施', 'task'],
    ['重点任务', 'task'],
    ['目标任务', 'goal'],
    ['全年目标任务', 'goal'],
    ['主办单位', 'lead'],
    ['主责单位', 'lead'],
    ['牵头责任单位', 'lead'],
    ['牵头 单位', 'lead'],
    ['责任主体', 'lead'],
    ['协办单位', 'support'],
    ['协同责任单位', 'support'],
    ['配合部门', 'support'],
    ['责任主体与协同单位', 'support'],
    ['指导部门', 'support'],
    ['指导单位', 'support'],
    ['责任部门', 'responsible'],
    ['分管 领导', 'leaders'],
    ['联系领导', 'leaders'],
    ['时限要求', 'deadline'],
    ['完成时间', 'deadline'],
    ['1-10月推进情况', 'ignored'],
    ['进展情况', 'ignored'],
    ['完成情况', 'ignored'],
    ['是否达序', 'ignored'],
    ['是否完成', 'ignored'],
    ['说明', 'ignored'],
    ['备  注', 'ignored'],
    ['資金來源', null],
    ['2023年区政府重点民生实事项目推进情况(1-11月)', null],
  ])('%s → %s', (text, kind) => {
    expect(columnKindOf(text)).toBe(kind);
  });
});

/** The same table in four layouts below: 序号|改革举措|责任领导|牵头单位|配合单位|完成时限|进展情况. */
const GRID: string[][] = [
  ['序号', '改革举措', '责任领导', '牵头单位', '配合单位', '完成时限', '进展情况'],
  ['一、营商环境'],
  [
    '1',
    '推行企业开办“一件事”，开办时间压缩至1个工作日以内。',
    '王建国',
    '县市场监管局',
    '县税务局、县人社局',
    '2024年6月底前',
    '已完成60%，3月15日上线。',
  ],
  [
    '2',
    '建成县级政务服务中心综合窗口不少于20个。',
    '李红',
    '县政务服务中心',
    '',
    '2024年12月底前',
    '正在推进，滞后1个月。',
  ],
  ['二、民生保障'],
  ['3', '新增养老床位不少于300张。', '王建国', '县民政局', '各乡镇、相关部门', '2024年底前', ''],
];

const EXPECTED = [
  {
    no: 1,
    chapter: '一、营商环境',
    text: '推行企业开办“一件事”，开办时间压缩至1个工作日以内。',
    lead: ['县市场监管局'],
    support: ['县税务局', '县人社局'],
    leaders: ['王建国'],
    dates: ['2024-06-30'],
    targets: [{ op: '<=', value: 1, unit: '个工作日' }],
  },
  {
    no: 2,
    chapter: '一、营商环境',
    text: '建成县级政务服务中心综合窗口不少于20个。',
    lead: ['县政务服务中心'],
    support: [],
    leaders: ['李红'],
    dates: ['2024-12-31'],
    targets: [{ op: '>=', value: 20, unit: '个' }],
  },
  {
    no: 3,
    chapter: '二、民生保障',
    text: '新增养老床位不少于300张。',
    lead: ['县民政局'],
    support: ['各乡镇', '相关部门'],
    leaders: ['王建国'],
    dates: ['2024-12-31'],
    targets: [{ op: '>=', value: 300, unit: '张' }],
  },
];

function core(plan: ParsedPlan) {
  return plan.items.map((i: PlanItem) => ({
    no: i.no,
    chapter: i.chapter,
    text: i.text,
    lead: i.lead,
    support: i.support,
    leaders: i.leaders,
    dates: i.deadlines.map((d) => d.date),
    targets: i.targets.map((t) => ({ op: t.op, value: t.value, unit: t.unit })),
  }));
}

describe('one table, four layouts, one reading', () => {
  it('cells one per line ending in ` |`, an empty cell `||`, a task wrapped over two lines', async () => {
    const lines = ['某县2024年深化改革重点任务分工表', ''];
    for (const row of GRID) {
      for (const cell of row) {
        if (cell === '') lines.push('||');
        else if (cell.startsWith('建成'))
          lines.push('建成县级政务服务中心 |', '综合窗口不少于20个。 |');
        else lines.push(`${cell} |`);
      }
    }
    const plan = await readPlanDocument(Buffer.from(lines.join('\n'), 'utf8'));
    expect(plan.title).toBe('某县2024年深化改革重点任务分工表');
    expect(core(plan)).toEqual(EXPECTED);
    // Item 1 maps one to one; item 2's wrapped task is joined and the row flagged.
    expect(plan.items[0].review).toBeUndefined();
    expect(plan.items[1].review?.join()).toContain('单元格数与表头列数不一致');
    expect(plan.items[2].collective).toBe(true);
  });

  it('`|`-separated rows (a Markdown table)', async () => {
    const md = GRID.map((row, r) =>
      r === 0
        ? `| ${row.join(' | ')} |\n|${row.map(() => '---').join('|')}|`
        : row.length === 1
          ? `| ${row[0]} |`
          : `| ${row.join(' | ')} |`,
    ).join('\n');
    expect(core(await readPlanDocument(Buffer.from(md, 'utf8')))).toEqual(EXPECTED);
  });

  it('an .xlsx built with exceljs', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('分工表');
    ws.addRow(['某县2024年深化改革重点任务分工表']);
    for (const row of GRID) ws.addRow(row.map((c) => (/^\d+$/.test(c) ? Number(c) : c)));
    ws.mergeCells('A3:G3');
    ws.mergeCells('A6:G6');
    const plan = await readPlanDocument(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(core(plan)).toEqual(EXPECTED);
    expect(plan.items.every((i) => !i.review)).toBe(true);
  });

  it('a .docx table built with docx, chapter rows spanning the table', async () => {
    const rows = GRID.map(
      (row) =>
        new DocxRow({
          children: row.map(
            (c) =>
              new DocxCell({
                children: [new Paragraph(c)],
                ...(row.length === 1 ? { columnSpan: 7 } : {}),
              }),
          ),
        }),
    );
    const doc = new Document({
      sections: [
        { children: [new Paragraph('某县2024年深化改革重点任务分工表'), new Table({ rows })] },
      ],
    });
    const plan = await readPlanDocument(await Packer.toBuffer(doc));
    expect(plan.title).toBe('某县2024年深化改革重点任务分工表');
    expect(core(plan)).toEqual(EXPECTED);
  });
});

describe('other shapes', () => {
  it('编号|主要内容|主办单位|协办单位|备注 in `a | b` rows: remarks are not deadlines', async () => {
    const text = [
      '编号 | 主要内容 | 主办单位 | 协办单位 | 备注',
      '1 | 完善城市排水管网，新改建雨污管网不少于50公里。 | 市住建局 | 市水务局、各区政府 | 2023年已完成30公里',
      '2 | 推进老旧小区改造。 | 市住建局 |  | ',
    ].join('\n');
    const plan = await readPlanDocument(Buffer.from(text, 'utf8'));
    expect(plan.items.map((i) => [i.no, i.lead, i.support, i.deadlines])).toEqual([
      [1, ['市住建局'], ['市水务局', '各区政府'], []],
      [2, ['市住建局'], [], []],
    ]);
    expect(plan.items[0].targets).toMatchObject([{ op: '>=', value: 50, unit: '公里' }]);
    expect(plan.warnings).toEqual([]);
  });

  it('tab-separated with only 责任单位: the first unit leads, flagged; an unknown column warned', async () => {
    const text = [
      '序号\t工作任务\t责任单位\t时间节点\t资金来源',
      '1\t建设智慧停车平台。\t市交通局、市公安局、市城管局\t2024年9月底前\t市财政',
      '2\t开展道路安全整治。\t市公安局\t2024年底前\t',
    ].join('\n');
    const plan = await readPlanDocument(Buffer.from(text, 'utf8'));
    expect(plan.items.map((i) => [i.lead, i.support])).toEqual([
      [['市交通局'], ['市公安局', '市城管局']],
      [['市公安局'], []],
    ]);
    expect(plan.items[0].review?.join()).toContain('没有牵头单位列');
    expect(plan.items[1].review).toBeUndefined();
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0].message).toContain('资金来源');
  });

  it('a text column merged over rows (printed once) is carried down as the section', async () => {
    const text = [
      '序号',
      '重点任务',
      '具体措施',
      '牵头部门',
      '配合部门',
      '指导部门',
      '时间节点',
      '1',
      '优化营商环境',
      '推行“一网通办”，政务服务事项网上可办率达到95%以上。',
      '区政务办',
      '区大数据中心',
      '市政务办',
      '2024年底前',
      '2',
      '实施“证照分离”改革。',
      '区市场监管局',
      '区司法局',
      '市市场监管局',
      '2024年6月底前',
    ].join('\n');
    const plan = await readPlanDocument(Buffer.from(text, 'utf8'));
    expect(
      plan.items.map((i) => [i.no, i.section, i.text, i.lead, i.support, i.deadlines[0]?.date]),
    ).toEqual([
      [
        1,
        '优化营商环境',
        '推行“一网通办”，政务服务事项网上可办率达到95%以上。',
        ['区政务办'],
        ['区大数据中心', '市政务办'],
        '2024-12-31',
      ],
      [
        2,
        '优化营商环境',
        '实施“证照分离”改革。',
        ['区市场监管局'],
        ['区司法局', '市市场监管局'],
        '2024-06-30',
      ],
    ]);
    expect(plan.items[0].review).toBeUndefined();
    expect(plan.items[1].review?.join()).toContain('单元格数与表头列数不一致');
  });

  it('numbers like `1.`, a unit list wrapped after `、`, cells left out, no terminators', () => {
    const text = [
      '序号',
      '工作任务',
      '分管领导',
      '牵头部门',
      '协同单位',
      '完成时间',
      '推进情况',
      '1.',
      '建设城市书房10个。',
      '张伟',
      '市文旅局',
      '市财政局、',
      '各区政府',
      '2024年底前',
      '已建成3个，完成30%。',
      '2.',
      '开展全民健身活动不少于50场。',
      '张伟',
      '市体育局',
      '2024年10月底前',
      '3.',
      '实施老旧小区改造100个。',
      '李明',
      '市住建局',
      '市财政局',
      '2025年6月底前',
      '进展顺利',
    ].join('\n');
    const plan = readPastedText(text);
    expect(
      plan.items.map((i) => [i.no, i.lead, i.support, i.leaders, i.deadlines.map((d) => d.date)]),
    ).toEqual([
      [1, ['市文旅局'], ['市财政局', '各区政府'], ['张伟'], ['2024-12-31']],
      [2, ['市体育局'], [], ['张伟'], ['2024-10-31']],
      [3, ['市住建局'], ['市财政局'], ['李明'], ['2025-06-30']],
    ]);
    expect(plan.items.map((i) => Boolean(i.review))).toEqual([true, true, false]);
  });

  it('flags a row without units and an entry that is not a unit', async () => {
    const text = [
      '序号\t重点工作\t牵头单位\t配合单位',
      '1\t开展第三方评估。\t\t',
      '2\t建设数据平台。\t市数据局\t张三',
    ].join('\n');
    const plan = await readPlanDocument(Buffer.from(text, 'utf8'));
    expect(plan.items[0].review?.join()).toContain('没有责任单位');
    expect(plan.items[1].review?.join()).toContain('“张三”不像单位名称');
  });
});
