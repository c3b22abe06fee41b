import { readFileSync } from 'fs';
import { join } from 'path';
import type { PlanItem, PlanTarget } from './plan-document.types';
import { PlanParseError } from './plan-parse.errors';
import { decodePlanBuffer, parsePlanText } from './plan-text.parser';

const FIXTURES = join(__dirname, '../../../../test/fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

interface TruthItem {
  no: number;
  chapter: string;
  section: string;
  text: string;
  lead: string[];
  support: string[];
  leaders?: string[];
  deadlines: Array<{ phrase: string; date: string | null; kind: string }>;
  targets: Array<PlanTarget & { valueMax?: number }>;
  collective?: boolean;
  notes?: string;
}

const truth = JSON.parse(fixture('004_26c38e0122c86045.truth.json')) as { items: TruthItem[] };
const reference = parsePlanText(fixture('004_26c38e0122c86045.txt'), {
  sourceName: '004_26c38e0122c86045.txt',
});
const byNo = new Map(reference.items.map((i) => [i.no, i]));

/** Runs `fn`, expecting a PlanParseError, and returns it. */
function parseError(fn: () => unknown): PlanParseError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PlanParseError);
    return err as PlanParseError;
  }
  throw new Error('expected a PlanParseError');
}

const one = (doc: string, opts = {}) => parsePlanText(doc, opts).items[0];

describe('parsePlanText — reference plan 苏办〔2012〕85号', () => {
  it('reads title, document number and issue date', () => {
    expect(reference.title).toBe('关于进一步加强新时期民政工作责任分解方案');
    expect(reference.documentNumber).toBe('苏办〔2012〕85号');
    expect(reference.issuedOn).toBe('2012-10-10');
  });

  it('finds exactly the 80 numbered items, in order, without warnings', () => {
    expect(reference.items).toHaveLength(80);
    expect(reference.items.map((i) => i.no)).toEqual(truth.items.map((i) => i.no));
    expect(reference.warnings).toEqual([]);
  });

  it('reads 45 distinct unit strings in 224 (item, unit) pairs', () => {
    const pairs = reference.items.flatMap((i) => [...i.lead, ...i.support].map((u) => [i.no, u]));
    expect(pairs).toHaveLength(224);
    expect(new Set(pairs.map(([, u]) => u)).size).toBe(45);
  });

  // `cadence`, `per` and `review` were added to the output after the truth file was written;
  // they are checked by their own tests below.
  it('matches the truth file key for key, in key order (ignoring notes, metric, cadence, per, review)', () => {
    const strip = (items: unknown[]) =>
      JSON.parse(JSON.stringify(items), (key, value) =>
        ['notes', 'metric', 'cadence', 'per', 'review'].includes(key) ? undefined : value,
      );
    expect(JSON.stringify(strip(reference.items))).toBe(JSON.stringify(strip(truth.items)));
  });

  describe.each(truth.items.map((t) => [t.no, t] as const))('item %i', (no, t) => {
    const item = () => byNo.get(no) as PlanItem;

    it('has the chapter, section and text as printed', () => {
      expect(item()).toBeDefined();
      expect(item().chapter).toBe(t.chapter);
      expect(item().section).toBe(t.section);
      expect(item().text).toBe(t.text);
    });

    it('has the lead and supporting units', () => {
      expect(item().lead[0]).toBe(t.lead[0]);
      expect(new Set(item().lead)).toEqual(new Set(t.lead));
      expect(new Set(item().support)).toEqual(new Set(t.support));
      expect(item().leaders).toEqual(t.leaders);
      expect(item().collective ?? false).toBe(t.collective ?? false);
    });

    it('has the deadlines', () => {
      const got = item().deadlines;
      expect(got.map((d) => ({ kind: d.kind, date: d.date }))).toEqual(
        t.deadlines.map((d) => ({ kind: d.kind, date: d.date })),
      );
      got.forEach((d, k) => {
        const want = t.deadlines[k].phrase;
        expect(d.phrase.includes(want) || want.includes(d.phrase)).toBe(true);
      });
    });

    it('has the quantitative targets', () => {
      const got = item().targets;
      expect(
        got.map((x) => ({ op: x.op, value: x.value, unit: x.unit, valueMax: x.valueMax })),
      ).toEqual(
        t.targets.map((x) => ({ op: x.op, value: x.value, unit: x.unit, valueMax: x.valueMax })),
      );
      got.forEach((x, k) => {
        expect(x.phrase).toContain(`${x.value}${x.unit}`);
        expect(t.targets[k].phrase).toContain(`${x.value}${x.unit}`);
        expect(x.metric.length).toBeGreaterThan(0);
      });
    });
  });

  it('normalises CRLF and a BOM without changing the result', () => {
    const crlf = '\ufeff' + fixture('004_26c38e0122c86045.txt').replace(/\n/g, '\r\n');
    expect(parsePlanText(crlf)).toEqual(reference);
  });
});

describe('parsePlanText — unit lists', () => {
  const doc = (units: string) => `方案\n一、任务\n1.做好工作。(${units})\n`;

  it('does not split inside parentheses', () => {
    const item = one(doc('省民政厅、各县(市、区)政府'));
    expect(item.lead).toEqual(['省民政厅']);
    expect(item.support).toEqual(['各县(市、区)政府']);
    expect(item.collective).toBe(true);
  });

  it('keeps a collective phrase such as 各市、县(市、区)人民政府 whole', () => {
    const item = one(doc('各市、县(市、区)人民政府,省民政厅'));
    expect(item.lead).toEqual(['各市、县(市、区)人民政府']);
    expect(item.support).toEqual(['省民政厅']);
  });

  it('drops a trailing 等 and splits on 及, ，, ; and ；', () => {
    const item = one(doc('省民政厅，省财政厅;省教育厅；省卫生厅及省公安厅等'));
    expect(item.lead).toEqual(['省民政厅']);
    expect(item.support).toEqual(['省财政厅', '省教育厅', '省卫生厅', '省公安厅']);
    expect(item.collective).toBeUndefined();
  });

  it('marks 成员单位 as collective and omits collective/leaders when not applicable', () => {
    const collective = one(doc('省老龄委各成员单位'));
    expect(collective.collective).toBe(true);
    const plain = one(doc('省民政厅'));
    expect(Object.keys(plain)).toEqual([
      'no',
      'chapter',
      'section',
      'text',
      'lead',
      'support',
      'deadlines',
      'targets',
    ]);
  });

  it('reads full-width, labelled lists with leaders and keeps names as printed', () => {
    const text =
      '方案\n一、任务\n\u30001．做好基层工作。（牵头单位：自治区民政厅，配合单位：自治区财政厅、' +
      '各市、县〈区〉人民政府；责任领导：张三、李四）\n';
    const item = one(text);
    expect(item.no).toBe(1);
    expect(item.text).toBe('做好基层工作。');
    expect(item.lead).toEqual(['自治区民政厅']);
    expect(item.support).toEqual(['自治区财政厅', '各市、县〈区〉人民政府']);
    expect(item.leaders).toEqual(['张三', '李四']);
    expect(item.collective).toBe(true);
    expect(Object.keys(item)).toEqual([
      'no',
      'chapter',
      'section',
      'text',
      'lead',
      'support',
      'leaders',
      'deadlines',
      'targets',
      'collective',
    ]);
  });

  it('joins an item wrapped over several lines', () => {
    const plan = parsePlanText(
      '方案\n一、任务\n1.第一行内容,\n第二行内容。\n(省民政厅、省财政厅)\n',
    );
    expect(plan.items).toHaveLength(1);
    expect(plan.items[0].text).toBe('第一行内容,第二行内容。');
    expect(plan.items[0].lead).toEqual(['省民政厅']);
    expect(plan.warnings).toEqual([]);
  });

  it('does not mistake a trailing remark or citation for a unit list', () => {
    const item = one('方案\n1.贯彻落实有关意见(苏发〔2012〕14号)\n');
    expect(item.lead).toEqual([]);
    expect(item.text).toBe('贯彻落实有关意见(苏发〔2012〕14号)');
  });
});

describe('parsePlanText — structure and warnings', () => {
  const doc = [
    '某某市人民政府办公室关于印发方案的通知', // 1
    '发布日期:2021-03-05', // 2
    '', // 3
    '某某工作责任分解方案', // 4
    '一、总体任务', // 5
    '(一)加强领导', // 6
    '1.建立工作机制。(市民政局、市财政局)', // 7
    '2.没有单位名单的事项。', // 8
    '', // 9
    '4.编号跳过了第3项。(市民政局)', // 10
    '(二)强化保障', // 11
    '4.编号重复。(市财政局)', // 12
  ].join('\n');
  const plan = parsePlanText(doc);

  it('tells (一) section headings from numbered items', () => {
    expect(plan.items.map((i) => i.no)).toEqual([1, 2, 4, 4]);
    expect(plan.items[0].chapter).toBe('一、总体任务');
    expect(plan.items[0].section).toBe('(一)加强领导');
    expect(plan.items[3].section).toBe('(二)强化保障');
    expect(plan.items.some((i) => i.text.includes('加强领导'))).toBe(false);
  });

  it('reads the title before the first chapter and the 发布日期 line', () => {
    expect(plan.title).toBe('某某工作责任分解方案');
    expect(plan.issuedOn).toBe('2021-03-05');
    expect(plan.documentNumber).toBeNull();
  });

  it('warns with 1-based line numbers', () => {
    expect(plan.warnings.map((w) => w.line)).toEqual([8, 10, 12]);
    expect(plan.warnings[0].message).toContain('第2项没有找到责任单位');
    expect(plan.warnings[1].message).toContain('第4项紧接在第2项之后');
    expect(plan.warnings[1].message).toContain('缺少第3项');
    expect(plan.warnings[2].message).toContain('编号重复');
  });

  it('accepts numbering that restarts at 1 under a new heading', () => {
    const restart = parsePlanText('方案\n(一)甲\n1.事项。(省民政厅)\n(二)乙\n1.事项。(省财政厅)\n');
    expect(restart.warnings).toEqual([]);
  });

  it('falls back to the first non-empty line for the title', () => {
    const plan2 = parsePlanText('\n\n  关于某事的通知,请各单位落实:\n1.做好工作。(省民政厅)\n');
    expect(plan2.title).toBe('关于某事的通知,请各单位落实:');
  });

  it('reads the document number and the date printed beside it', () => {
    const plan3 = parsePlanText(
      '通知\n苏政办〔2019〕7号  2019年3月8日\n方案\n1.做好工作。(省民政厅)\n',
    );
    expect(plan3.documentNumber).toBe('苏政办〔2019〕7号');
    expect(plan3.issuedOn).toBe('2019-03-08');
    const plan4 = parsePlanText(
      '江苏省人民政府办公厅文件 苏政办发〔2019〕7号\n1.做好工作。(省民政厅)\n',
    );
    expect(plan4.documentNumber).toBe('苏政办发〔2019〕7号');
    const cited = parsePlanText(
      '为贯彻《意见》(苏发〔2012〕14号),制定本方案。\n1.做好工作。(省民政厅)\n',
    );
    expect(cited.documentNumber).toBeNull();
  });
});

describe('parsePlanText — deadlines', () => {
  const deadlinesOf = (text: string, issued = '') =>
    one(`${issued}方案\n1.${text}(省民政厅)\n`).deadlines;
  const ISSUED = '苏办〔2012〕85号 2012年10月10日\n';

  it.each([
    ['2012年底前完成清理。', '2012年底前', '2012-12-31'],
    ['2022年10月底前出台办法。', '2022年10月底前', '2022-10-31'],
    ['到2015年基本实现全覆盖。', '到2015年', '2015-12-31'],
    ['2013年全省统一标准。', '2013年', '2013-12-31'],
    ['2014年6月30日前完成。', '2014年6月30日前', '2014-06-30'],
    ['到“十三五”末完成轮训。', '到“十三五”末', '2020-12-31'],
  ])('%s → absolute %s', (text, phrase, date) => {
    expect(deadlinesOf(text)).toEqual([{ phrase, date, kind: 'absolute' }]);
  });

  it('computes month-only and relative deadlines from the issue date', () => {
    expect(deadlinesOf('10月底前上报。', ISSUED)).toEqual([
      { phrase: '10月底前', date: '2012-10-31', kind: 'absolute' },
    ]);
    expect(deadlinesOf('3月底前上报。', ISSUED)[0].date).toBe('2013-03-31');
    expect(deadlinesOf('5年内建成体系。', ISSUED)).toEqual([
      { phrase: '5年内', date: '2017-10-10', kind: 'relative' },
    ]);
    expect(deadlinesOf('5年内建成体系。')).toEqual([
      { phrase: '5年内', date: null, kind: 'relative' },
    ]);
  });

  it.each([
    ['每季度报送进展情况。', '每季度', { every: 'quarter' }],
    ['每月28日前报送数据。', '每月28日前', { every: 'month', day: 28 }],
    ['每年开展一次评估。', '每年', { every: 'year' }],
    ['每半年通报一次。', '每半年', { every: 'half-year' }],
    ['定期组织检查。', '定期', { every: 'irregular' }],
  ])('%s → recurring %s', (text, phrase, cadence) => {
    expect(deadlinesOf(text)).toEqual([{ phrase, date: null, kind: 'recurring', cadence }]);
  });

  it.each([
    ['2013年上半年完成摸底。', '2013年上半年', '2013-06-30', 'absolute'],
    ['一季度末前完成。', '一季度末前', '2013-03-31', 'absolute'],
    ['第三季度完成。', '第三季度', '2013-09-30', 'absolute'],
    ['下半年完成。', '下半年', '2012-12-31', 'absolute'],
    ['6月30日前报送。', '6月30日前', '2013-06-30', 'absolute'],
    ['未来五年建成体系。', '未来五年', '2017-10-10', 'relative'],
    ['2012年起5年内建成体系。', '2012年起5年内', '2016-12-31', 'relative'],
  ])('%s → %s (issued 2012-10-10)', (text, phrase, date, kind) => {
    expect(deadlinesOf(text, ISSUED)).toEqual([{ phrase, date, kind }]);
  });

  it('ignores progress remarks', () => {
    expect(deadlinesOf('该项工作已于2012年完成。')).toEqual([]);
  });

  it.each([
    ['制订年度培训计划。'],
    ['完成2012年度考核工作。'],
    ['总结2012年的工作经验。'],
    ['2010年以来成效明显。'],
    ['人口在5万人以下的乡镇配备人员。'],
    ['贯彻《意见》(苏发〔2012〕14号)精神。'],
    ['落实《2012年工作要点》。'],
    ['自2013年起执行新标准。'],
    ['给予3年补贴。'],
    ['补助标准为每人每月300元。'],
  ])('%s → no deadline', (text) => {
    expect(deadlinesOf(text)).toEqual([]);
  });

  it('lists a deadline once even when it governs several targets', () => {
    const d = deadlinesOf('到2015年,覆盖率达到90%以上;达标率达95%以上。');
    expect(d).toEqual([{ phrase: '到2015年', date: '2015-12-31', kind: 'absolute' }]);
  });

  it('warns about a deadline-looking phrase it cannot date', () => {
    const plan = parsePlanText('方案\n\n1.上半年完成摸底。(省民政厅)\n');
    expect(plan.items[0].deadlines).toEqual([]);
    expect(plan.warnings).toEqual([{ line: 3, message: expect.stringContaining('上半年') }]);
  });
});

describe('parsePlanText — targets', () => {
  const targetsOf = (text: string) =>
    one(`方案\n1.${text}(省民政厅)\n`).targets.map(({ op, value, valueMax, unit }) =>
      valueMax === undefined ? { op, value, unit } : { op, value, valueMax, unit },
    );

  it.each([
    ['空置率不超过10%。', { op: '<=', value: 10, unit: '%' }],
    ['各县建有1到2所养老院。', { op: 'between', value: 1, valueMax: 2, unit: '所' }],
    ['各县建有1-2所养老院。', { op: 'between', value: 1, valueMax: 2, unit: '所' }],
    ['培训100人左右。', { op: '≈', value: 100, unit: '人' }],
    ['床位数达到每千名老年人30张以上。', { op: '>=', value: 30, unit: '张' }],
    ['工作人员不少于3名。', { op: '>=', value: 3, unit: '名' }],
    ['公务员不少于一名。', { op: '>=', value: 1, unit: '名' }],
    ['办结时限控制在5个工作日以内。', { op: '<=', value: 5, unit: '个工作日' }],
    ['各市建成1所示范中心。', { op: '=', value: 1, unit: '所' }],
  ])('%s', (text, target) => {
    expect(targetsOf(text)).toEqual([target]);
  });

  it.each([
    ['加快实施平台工程和信息工程等6件民政“实事工程”。'],
    ['建成平台工程和信息工程等6件民政工程。'],
    ['建成6件民政“实事工程”。'],
    ['人口在5万人以下的乡镇(街道)配齐人员。'],
    ['全区共有21个乡镇。'],
    ['提高一次性经济补助标准。'],
    ['建立一支专业队伍。'],
  ])('%s → no target', (text) => {
    expect(targetsOf(text)).toEqual([]);
  });

  it('gives each target its own clause and a readable metric', () => {
    const item = one(
      '方案\n1.到2015年,养老机构床位数达到每千名老年人30张以上;各市建有1所福利院,各县建有1所福利中心。(省民政厅)\n',
    );
    expect(item.targets.map((t) => [t.phrase, t.metric])).toEqual([
      ['养老机构床位数达到每千名老年人30张以上', '养老机构床位数/千名老年人'],
      ['各市建有1所福利院', '各市福利院数量'],
      ['各县建有1所福利中心', '各县福利中心数量'],
    ]);
  });
});

describe('parsePlanText — errors', () => {
  it.each([[''], ['   \n\u3000\u00a0\n\t']])(
    'rejects empty text %j with EMPTY_DOCUMENT',
    (text) => {
      const err = parseError(() => parsePlanText(text));
      expect(err.code).toBe('EMPTY_DOCUMENT');
      expect(err.message).toContain('文件为空');
    },
  );

  it('rejects text with NUL bytes or mostly replacement characters with NOT_TEXT', () => {
    expect(parseError(() => parsePlanText('1.abc\u0000def')).code).toBe('NOT_TEXT');
    expect(parseError(() => parsePlanText('1.' + '\ufffd'.repeat(20))).code).toBe('NOT_TEXT');
  });

  it('rejects text without numbered items with NO_ITEMS and names the file', () => {
    const err = parseError(() =>
      parsePlanText('关于某事的说明\n这里没有编号事项。', { sourceName: 'a.txt' }),
    );
    expect(err.code).toBe('NO_ITEMS');
    expect(err.message).toContain('未找到编号事项');
    expect(err.message).toContain('a.txt');
    expect(err.name).toBe('PlanParseError');
  });

  it.each([
    ['000_624044522ca0f1cf.txt'],
    ['001_e277a3930f23e38f.txt'],
    ['002_5ca3f61f65cc9d57.txt'],
    ['003_2f3456b98a188cea.txt'],
  ])('reads or cleanly rejects the related document %s quickly', (name) => {
    const started = performance.now();
    try {
      const plan = parsePlanText(fixture(name));
      expect(plan.items.length).toBeGreaterThan(0);
      for (const w of plan.warnings) expect(w.line).toBeGreaterThan(0);
    } catch (err) {
      expect(err).toBeInstanceOf(PlanParseError);
      expect((err as PlanParseError).code).toBe('NO_ITEMS');
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reads the 牵头单位/配合单位 paragraphs of document 003', () => {
    const plan = parsePlanText(fixture('003_2f3456b98a188cea.txt'));
    expect(plan.title).toBe('关于进一步加强基层民政服务能力建设的实施方案');
    expect(plan.items.map((i) => i.no)).toEqual([1, 2, 3, 4]);
    expect(plan.items[0].lead).toEqual(['自治区民政厅']);
    expect(plan.items[1].lead).toEqual(['自治区民政厅', '各市、县〈区〉人民政府']);
    expect(plan.items[0].deadlines[0]).toEqual({
      phrase: '2017年12月底前',
      date: '2017-12-31',
      kind: 'absolute',
    });
  });
});

describe('decodePlanBuffer', () => {
  it('strips a UTF-8 BOM and normalises line endings', () => {
    const buf = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('甲\r\n乙\r丙\n', 'utf8'),
    ]);
    expect(decodePlanBuffer(buf)).toBe('甲\n乙\n丙\n');
  });

  it('rejects binary input with NOT_TEXT', () => {
    const pdfLike = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0xff]);
    expect(parseError(() => decodePlanBuffer(pdfLike)).code).toBe('NOT_TEXT');
    const garbage = Buffer.alloc(200, 0xff);
    expect(parseError(() => decodePlanBuffer(garbage)).code).toBe('NOT_TEXT');
  });

  it('reads GB18030/GBK text', () => {
    const gbk = Buffer.from(
      'b9d8d3dab2e2cad4b5c4b7bdb0b80ad2bba1a2d7dccce5d2aac7f30a312ecdeac9c6d6c6b6c8a1a328caa1c3f1d5feccfca1a2caa1b2c6d5feccfc290a',
      'hex',
    );
    const text = decodePlanBuffer(gbk);
    expect(text).toBe('关于测试的方案\n一、总体要求\n1.完善制度。(省民政厅、省财政厅)\n');
    expect(parsePlanText(text).items[0].support).toEqual(['省财政厅']);
  });

  it('keeps UTF-8 text with a single damaged byte as UTF-8', () => {
    const buf = Buffer.concat([Buffer.from('1.完善制度。(省民政厅)', 'utf8'), Buffer.from([0xe5])]);
    expect(decodePlanBuffer(buf)).toContain('完善制度');
  });
});
