import { PlanParseError } from './plan-parse.errors';
import { columnRoleOf, parsePlanTable, type TableInput } from './table-plan.parser';

const COLS = 'ABCDEFGHIJ';

/** A sheet from rows of strings; refs are spreadsheet addresses, lines the row numbers. */
function sheet(rows: string[][], name = 'Sheet1'): TableInput {
  return {
    sheet: name,
    rows: rows.map((cells, r) => ({
      line: r + 1,
      cells: cells.map((text, c) => ({ ref: `${COLS[c]}${r + 1}`, text })),
    })),
  };
}

function parseError(fn: () => unknown): PlanParseError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PlanParseError);
    return err as PlanParseError;
  }
  throw new Error('expected a PlanParseError');
}

const HEADER = ['序号', '重点工作', '牵头单位', '配合单位', '责任领导', '完成时限'];

describe('columnRoleOf', () => {
  it.each([
    ['序号', 'no'],
    ['序　号', 'no'],
    ['序 號', 'no'],
    ['重点工作', 'task'],
    ['工作任务', 'task'],
    ['主要任务', 'task'],
    ['任务内容', 'task'],
    ['重點工作', 'task'],
    ['牵头单位', 'lead'],
    ['牽頭單位', 'lead'],
    ['牵头单位（部门）', 'lead'],
    ['配合单位', 'support'],
    ['参与单位', 'support'],
    ['协同单位', 'support'],
    ['協同單位', 'support'],
    ['协同责任单位', 'support'],
    ['责任单位', 'responsible'],
    ['責任單位', 'responsible'],
    ['责任领导', 'leaders'],
    ['分管领导', 'leaders'],
    ['牵头负责领导', 'leaders'],
    ['完成时限', 'deadline'],
    ['时间节点', 'deadline'],
    ['完成时间', 'deadline'],
    ['完成時限', 'deadline'],
    ['备注', null],
    ['省民政厅', null],
  ])('%s → %s', (text, role) => {
    expect(columnRoleOf(text)).toBe(role);
  });
});

describe('parsePlanTable', () => {
  it('reads items, units, leaders, deadlines and targets under a title row', () => {
    const plan = parsePlanTable(
      sheet([
        ['示例市重点任务分工方案', '', '', '', '', ''],
        HEADER,
        [
          '1',
          '新增养老床位不少于500张。',
          '市民政局',
          '市财政局、市卫生健康委',
          '王明',
          '2024年6月底前',
        ],
        ['2', '到2025年底前建成智慧养老平台。', '市民政局、市数据局', '', '', ''],
      ]),
    );
    expect(plan.title).toBe('示例市重点任务分工方案');
    expect(plan.items).toHaveLength(2);
    const [a, b] = plan.items;
    expect(a).toMatchObject({
      no: 1,
      text: '新增养老床位不少于500张。',
      lead: ['市民政局'],
      support: ['市财政局', '市卫生健康委'],
      leaders: ['王明'],
      deadlines: [{ date: '2024-06-30', kind: 'absolute' }],
      targets: [{ op: '>=', value: 500, unit: '张' }],
    });
    // Every unit in a 牵头单位 cell leads; a deadline inside the task text counts.
    expect(b.lead).toEqual(['市民政局', '市数据局']);
    expect(b.support).toEqual([]);
    expect(b.leaders).toBeUndefined();
    expect(b.deadlines.map((d) => d.date)).toEqual(['2025-12-31']);
    expect(plan.warnings).toEqual([]);
  });

  it('with only 责任单位, the first listed unit leads', () => {
    const plan = parsePlanTable(
      sheet([
        ['序号', '工作任务', '责任单位', '完成时间'],
        ['1', '完善救助制度。', '省民政厅、省财政厅\n省卫生健康委', '2024年'],
        ['2', '加强队伍建设。', '省人社厅牵头，省民政厅配合', ''],
      ]),
    );
    expect(plan.items[0].lead).toEqual(['省民政厅']);
    expect(plan.items[0].support).toEqual(['省财政厅', '省卫生健康委']);
    expect(plan.items[0].deadlines).toEqual([
      { phrase: '2024年', date: '2024-12-31', kind: 'absolute' },
    ]);
    expect(plan.items[1].lead).toEqual(['省人社厅']);
    expect(plan.items[1].support).toEqual(['省民政厅']);
  });

  it('turns category rows into chapters and sections (merged, first column only, numeral in 序号)', () => {
    const plan = parsePlanTable(
      sheet([
        HEADER,
        Array<string>(6).fill('一、民生保障'),
        ['（一）社会救助', '', '', '', '', ''],
        ['1', '完善低保制度。', '市民政局', '', '', ''],
        ['二', '公共服务', '', '', '', ''],
        ['(一)', '教育', '', '', '', ''],
        ['2', '新建学校。', '市教育局', '', '', ''],
      ]),
    );
    expect(plan.items.map((i) => [i.no, i.chapter, i.section])).toEqual([
      [1, '一、民生保障', '（一）社会救助'],
      [2, '二、公共服务', '(一)教育'],
    ]);
  });

  it('tolerates a two-row header with a merged group cell and repeated header rows', () => {
    const plan = parsePlanTable(
      sheet([
        ['序号', '工作任务', '责任单位', '责任单位', '时间节点'],
        ['序号', '工作任务', '牵头单位', '配合单位', '时间节点'],
        ['1', '推进数字政府建设。', '市数据局', '市网信办', '2024年12月31日'],
        ['序号', '工作任务', '牵头单位', '配合单位', '时间节点'],
        ['2', '优化审批流程。', '市政务服务中心', '各区政府', '2024年9月底前'],
      ]),
    );
    expect(plan.items.map((i) => [i.no, i.lead, i.support])).toEqual([
      [1, ['市数据局'], ['市网信办']],
      [2, ['市政务服务中心'], ['各区政府']],
    ]);
    expect(plan.items[1].collective).toBe(true);
    expect(plan.items[1].deadlines[0].date).toBe('2024-09-30');
  });

  it('numbers items by a running count when 序号 is missing', () => {
    const plan = parsePlanTable(
      sheet([
        ['重点工作', '牵头单位', '配合单位'],
        ['完善低保制度，确保应保尽保。', '市民政局', ''],
        ['加强临时救助，做到应救尽救。', '市民政局', '市财政局'],
      ]),
    );
    expect(plan.items.map((i) => i.no)).toEqual([1, 2]);
  });

  it('warns about a task without a unit, naming the row and cell', () => {
    const plan = parsePlanTable(
      sheet([
        HEADER,
        ['1', '完善低保制度。', '市民政局', '', '', ''],
        ['2', '开展第三方评估，形成评估报告。', '', '', '', '2024年底前'],
      ]),
    );
    expect(plan.items[1]).toMatchObject({ no: 2, lead: [], support: [] });
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0].line).toBe(3);
    expect(plan.warnings[0].message).toContain('第2项');
    expect(plan.warnings[0].message).toContain('C3');
  });

  it('reads numeric dates in the deadline column and warns about unreadable ones', () => {
    const plan = parsePlanTable(
      sheet([
        HEADER,
        ['1', '完善低保制度。', '市民政局', '', '', '2024.6.30'],
        ['2', '加强救助。', '市民政局', '', '', '尽快'],
        ['3', '强化监督。', '市民政局', '', '', '长期坚持'],
      ]),
    );
    expect(plan.items[0].deadlines).toEqual([
      { phrase: '2024.6.30', date: '2024-06-30', kind: 'absolute' },
    ]);
    expect(plan.items[1].deadlines).toEqual([]);
    expect(plan.items[2].deadlines).toEqual([]);
    expect(plan.warnings.map((w) => w.line)).toEqual([3]);
    expect(plan.warnings[0].message).toContain('F3');
  });

  it('does not take a target duration in the task for a deadline', () => {
    const [item] = parsePlanTable(
      sheet([HEADER, ['1', '企业开办时间压缩至1个工作日以内。', '市市场监管局', '', '', '']]),
    ).items;
    expect(item.targets).toMatchObject([{ op: '<=', value: 1, unit: '个工作日' }]);
    expect(item.deadlines).toEqual([]);
  });

  it('reads traditional-Chinese headers and keeps unit strings as printed', () => {
    const plan = parsePlanTable(
      sheet([
        ['序 號', '重點工作', '牽頭單位', '協同單位', '責任領導', '完成時限'],
        [
          '1',
          '加強公共安全。',
          '市應急管理局',
          '市公安局、市消防救援支隊',
          '吳剛',
          '2024年12月底前',
        ],
      ]),
    );
    expect(plan.items[0]).toMatchObject({
      lead: ['市應急管理局'],
      support: ['市公安局', '市消防救援支隊'],
      leaders: ['吳剛'],
      deadlines: [{ date: '2024-12-31', kind: 'absolute' }],
    });
  });

  it('WRONG_COLUMNS names the missing column and the header cell', () => {
    const err = parseError(() =>
      parsePlanTable(
        sheet([
          ['2024年重点项目进度表', '', ''],
          ['序号', '重点工作', '完成情况'],
          ['1', '建设综合管廊。', '60%'],
        ]),
      ),
    );
    expect(err.code).toBe('WRONG_COLUMNS');
    expect(err.cell).toBe('A2');
    expect(err.message).toContain('牵头单位');
    expect(err.message).toContain('A2');

    const noTask = parseError(() =>
      parsePlanTable(
        sheet([
          ['序号', '项目', '牵头单位'],
          ['1', '建设综合管廊。', '市住建局'],
        ]),
      ),
    );
    expect(noTask.code).toBe('WRONG_COLUMNS');
    expect(noTask.message).toContain('重点工作');
    expect(noTask.cell).toBe('A1');
  });

  it('WRONG_COLUMNS when nothing looks like a header', () => {
    const err = parseError(() =>
      parsePlanTable(
        sheet([
          ['', '姓名', '电话'],
          ['', '张三', '123'],
        ]),
      ),
    );
    expect(err.code).toBe('WRONG_COLUMNS');
    expect(err.cell).toBe('B1');
  });

  it('NO_ITEMS when the header has no task rows under it', () => {
    expect(parseError(() => parsePlanTable(sheet([HEADER]))).code).toBe('NO_ITEMS');
  });

  it('EMPTY_DOCUMENT for an empty table', () => {
    expect(parseError(() => parsePlanTable(sheet([['', ''], ['']]))).code).toBe('EMPTY_DOCUMENT');
  });
});
