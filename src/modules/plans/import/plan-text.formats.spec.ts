/**
 * Focused tests of the formats issue 3 lists: label lines, role phrases, `(1)`/`①` numbering,
 * traditional Chinese, the unclosed-parenthesis warning, targets per period, reporting
 * cadences and GBK input. Each document is small and written for the one feature it tests.
 */
import { decodePlanBuffer, parsePlanText } from './plan-text.parser';

const items = (doc: string) => parsePlanText(doc).items;
const units = (doc: string) =>
  items(doc).map((i) => ({ lead: i.lead, support: i.support, leaders: i.leaders }));

describe('label lines under an item', () => {
  it('reads 牵头单位/配合单位/责任领导 lines, across blank lines, into the item above', () => {
    const doc = [
      '方案',
      '一、任务',
      '1.完善社会救助制度。',
      '牵头单位：省民政厅',
      '',
      '配合单位：省财政厅、省教育厅',
      '责任领导：张三',
      '2.加强队伍建设。',
      '责任单位：省人力资源社会保障厅，省民政厅、省财政厅',
    ].join('\n');
    const plan = parsePlanText(doc);
    expect(plan.items.map((i) => i.text)).toEqual(['完善社会救助制度。', '加强队伍建设。']);
    expect(units(doc)).toEqual([
      { lead: ['省民政厅'], support: ['省财政厅', '省教育厅'], leaders: ['张三'] },
      // 责任单位 alone: the first listed unit leads.
      { lead: ['省人力资源社会保障厅'], support: ['省民政厅', '省财政厅'], leaders: undefined },
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it('reads 协同责任单位 as support and 牵头负责领导/分管领导 as people, never units', () => {
    const doc = [
      '方案',
      '1.推进医养结合。',
      '牵头单位：市卫生健康委　分管领导：刘洋',
      '协同责任单位：市民政局、市医保局',
      '牵头负责领导：王建国、李红',
    ].join('\n');
    const [item] = items(doc);
    expect(item.lead).toEqual(['市卫生健康委']);
    expect(item.support).toEqual(['市民政局', '市医保局']);
    expect(item.leaders).toEqual(['刘洋', '王建国', '李红']);
  });
});

describe('role phrases in a unit list', () => {
  const doc = (list: string) => `方案\n一、任务\n1.做好工作。${list}\n`;

  it.each([
    [
      '(省民政厅、省财政厅牵头,省教育厅、省卫生厅按职责分工负责)',
      ['省民政厅', '省财政厅'],
      ['省教育厅', '省卫生厅'],
    ],
    ['（省民政厅牵头，省财政厅参与）', ['省民政厅'], ['省财政厅']],
    ['(省民政厅、省财政厅分别牵头)', ['省民政厅', '省财政厅'], []],
    // No 牵头 anywhere: each unit answers for its share, so all of them lead.
    ['〔责任单位：省民政厅、省财政厅按职责分工负责〕', ['省民政厅', '省财政厅'], []],
    // A convention stated inside the list is a rule, not a unit.
    [
      '(省民政厅、省财政厅、省教育厅,列第一位的为牵头单位,下同)',
      ['省民政厅'],
      ['省财政厅', '省教育厅'],
    ],
  ])('%s', (list, lead, support) => {
    const [item] = items(doc(list));
    expect(item.text).toBe('做好工作。');
    expect(item.lead).toEqual(lead);
    expect(item.support).toEqual(support);
  });

  it('reads a role-phrase line below a label line', () => {
    const [item] = items(
      '方案\n1.做好工作。\n责任单位：省民政厅\n省财政厅、省教育厅按职责分工负责。\n',
    );
    expect(item.lead).toEqual(['省民政厅']);
    expect(item.support).toEqual(['省财政厅', '省教育厅']);
  });
});

describe('numbering styles', () => {
  it('reads (1) items under (一) sections, numbering restarting per section', () => {
    const plan = parsePlanText(
      [
        '方案',
        '一、主要任务',
        '（一）垃圾治理',
        '(1)完善收运体系。(牵头单位:县住房城乡建设局;配合单位:县财政局)',
        '(2)开展分类试点。(牵头单位:县住房城乡建设局)',
        '（二）厕所革命',
        '(1)改造户用厕所。(牵头单位:县农业农村局)',
      ].join('\n'),
    );
    expect(plan.items.map((i) => [i.no, i.section, i.lead[0]])).toEqual([
      [1, '（一）垃圾治理', '县住房城乡建设局'],
      [2, '（一）垃圾治理', '县住房城乡建设局'],
      [1, '（二）厕所革命', '县农业农村局'],
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it('reads ① items indented with U+3000, and an item wrapped onto the next line', () => {
    const plan = parsePlanText(
      [
        '方案',
        '\u3000\u3000一、教育',
        '\u3000\u3000①新建3所公办幼儿园。（县教育局、县财政局）',
        '\u3000\u3000②完成校舍维修和',
        '\u3000\u3000操场改造。（县教育局）',
      ].join('\n'),
    );
    expect(plan.items.map((i) => [i.no, i.text, i.lead, i.support])).toEqual([
      [1, '新建3所公办幼儿园。', ['县教育局'], ['县财政局']],
      [2, '完成校舍维修和操场改造。', ['县教育局'], []],
    ]);
    expect(plan.items[0].chapter).toBe('一、教育');
  });

  it('reads (一) paragraphs as the items when they carry the unit lists', () => {
    const plan = parsePlanText(
      [
        '方案',
        '一、主要任务',
        '（一）开展环境整治。（责任单位：市城管局、各区人民政府）',
        '（二）加强设施维护。',
        '责任单位：市城管局',
      ].join('\n'),
    );
    expect(plan.items.map((i) => [i.no, i.text, i.lead, i.support])).toEqual([
      [1, '开展环境整治。', ['市城管局'], ['各区人民政府']],
      [2, '加强设施维护。', ['市城管局'], []],
    ]);
  });
});

describe('traditional Chinese', () => {
  it('recognises a traditional item and keeps its text and units as printed', () => {
    const [item] = items(
      '方案\n一、任務\n1.完善社會救助制度，到2015年城鄉低保覆蓋率達到95%以上。' +
        '（牽頭單位：省民政廳；配合單位：省財政廳、省衛生廳；責任領導：張三）\n',
    );
    expect(item.text).toBe('完善社會救助制度，到2015年城鄉低保覆蓋率達到95%以上。');
    expect(item.lead).toEqual(['省民政廳']);
    expect(item.support).toEqual(['省財政廳', '省衛生廳']);
    expect(item.leaders).toEqual(['張三']);
    expect(item.deadlines).toEqual([{ phrase: '到2015年', date: '2015-12-31', kind: 'absolute' }]);
    expect(item.targets.map((t) => [t.op, t.value, t.unit])).toEqual([['>=', 95, '%']]);
  });
});

describe('unclosed parenthesis in a unit list', () => {
  it('warns on the line of the list with the unclosed bracket', () => {
    const plan = parsePlanText(
      [
        '方案', // 1
        '一、任务', // 2
        '1.做好工作。', // 3
        '牵头单位：省民政厅', // 4
        '配合单位：省财政厅、各县（市、区人民政府', // 5
        '2.另一项工作。(省财政厅)', // 6
      ].join('\n'),
    );
    expect(plan.items[0].lead).toEqual(['省民政厅']);
    expect(plan.warnings).toEqual([
      { line: 5, message: expect.stringContaining('第1项的责任单位名单中括号不配对') },
    ]);
  });
});

describe('targets and cadences', () => {
  const item = (text: string) => items(`方案\n1.${text}(省民政厅)\n`)[0];

  it('gives a quota stated per period its `per`', () => {
    const targets = item('每年培训养老护理员2000人次以上。').targets;
    expect(targets.map(({ op, value, unit, per }) => ({ op, value, unit, per }))).toEqual([
      { op: '>=', value: 2000, unit: '人次', per: '年' },
    ]);
    // A one-off quota has no period.
    expect(item('建成2000个服务站。').targets[0].per).toBeUndefined();
  });

  it('reads 每月28日前 as a monthly reporting cadence on day 28, not a deadline', () => {
    expect(item('每月28日前报送工作进展。').deadlines).toEqual([
      { phrase: '每月28日前', date: null, kind: 'recurring', cadence: { every: 'month', day: 28 } },
    ]);
  });
});

describe('GBK input', () => {
  const SHENG_MINZHENGTING = [0xca, 0xa1, 0xc3, 0xf1, 0xd5, 0xfe, 0xcc, 0xfc]; // 省民政厅

  it('decodes GBK bytes', () => {
    expect(decodePlanBuffer(Buffer.from(SHENG_MINZHENGTING))).toBe('省民政厅');
  });

  it('reads a unit list printed in GBK', () => {
    const buf = Buffer.concat([
      Buffer.from('1.A(', 'ascii'),
      Buffer.from(SHENG_MINZHENGTING),
      Buffer.from(')\r\n', 'ascii'),
    ]);
    const text = decodePlanBuffer(buf);
    expect(text).toBe('1.A(省民政厅)\n');
    expect(parsePlanText(text).items[0].lead).toEqual(['省民政厅']);
  });
});

describe('the item level', () => {
  it('takes the numbered entries under a single heading as the items, one of them without units', () => {
    const plan = parsePlanText(
      ['方案', '', '一、总体任务', '1.完善社会救助制度。(省民政厅)', '2.加强队伍建设。'].join('\n'),
    );
    expect(plan.items.map((i) => [i.no, i.chapter, i.lead])).toEqual([
      [1, '一、总体任务', ['省民政厅']],
      [2, '一、总体任务', []],
    ]);
    expect(plan.items[1].review).toEqual([expect.stringContaining('没有找到责任单位')]);
  });

  it('takes the entries above as the items when each list closes the last of their sub-points', () => {
    const plan = parsePlanText(
      [
        '方案',
        '一、完善社会救助。',
        '(1)提高低保标准。',
        '(2)加强临时救助。',
        '牵头单位：省民政厅',
        '配合单位：省财政厅',
        '二、发展养老服务。',
        '(1)建设养老机构。',
        '(2)培训护理人员。',
        '牵头单位：省卫生健康委',
      ].join('\n'),
    );
    expect(plan.items.map((i) => [i.no, i.lead, i.support])).toEqual([
      [1, ['省民政厅'], ['省财政厅']],
      [2, ['省卫生健康委'], []],
    ]);
    expect(plan.items[0].text).toContain('加强临时救助');
  });
});
