import { DEFAULT_PLAN_POLICY } from '../plan-policy/plan-policy';
import { itemDeadline } from './work-input';
import type { FieldProblem } from './work-items.errors';
import { containersOfSheet, sheetProblemOf, splitUnits } from './work-sheet';

const leaders = new Map([
  ['张三', ['leader-1']],
  ['李四', ['leader-2', 'leader-3']],
]);

describe('work sheet rows → containers', () => {
  it('groups rows of one source and group into one container, numbered in sheet order', () => {
    const out = containersOfSheet(
      [
        {
          row: 2,
          cells: {
            source: '会议议定',
            group: '1',
            title: '常务会议',
            issuedOn: '2026-11-20',
            text: '甲',
            lead: '省民政厅',
            dueOn: '2027-01-31',
          },
        },
        {
          row: 3,
          cells: {
            source: '单项督办',
            text: '乙',
            lead: '省财政厅、省民政厅',
            dueOn: '2027-02-28',
          },
        },
        {
          row: 4,
          cells: { source: '会议议定', group: '1', text: '丙', lead: '省民政厅', ongoing: '是' },
        },
        { row: 5, cells: { source: 'SINGLE', text: '丁', lead: '省民政厅', dueOn: '2027-02-28' } },
      ],
      leaders,
    );
    expect(out.problems).toEqual([]);
    expect(out.containers.map((c) => [c.source, c.items.map((i) => i.text)])).toEqual([
      ['MEETING', ['甲', '丙']],
      ['SINGLE', ['乙']],
      ['SINGLE', ['丁']],
    ]);
    expect(out.rowsOf).toEqual([[2, 4], [3], [5]]);
    expect(out.containers[0]!.items[1]).toMatchObject({ ongoing: true, dueOn: null });
    expect(out.containers[1]!.items[0]!.lead).toEqual(['省财政厅', '省民政厅']);
    // A check's field names the sheet's row and column.
    expect(out.containers[0]!.itemField(1, 'lead')).toBe('R4|牵头单位');
  });

  it('names the row and column of each problem', () => {
    const out = containersOfSheet(
      [
        { row: 2, cells: { source: '督办', text: '甲', lead: '省民政厅' } },
        {
          row: 3,
          cells: {
            source: '领导批示',
            leader: '李四',
            text: '乙',
            lead: '省民政厅',
            dueOn: '下周',
          },
        },
        { row: 4, cells: { source: '人大建议', text: '丙', lead: '省民政厅', ongoing: '也许' } },
        { row: 5, cells: { source: '会议议定', lead: '省民政厅' } },
      ],
      leaders,
    );
    expect(out.problems.map((p) => [p.row, p.column])).toEqual([
      [2, '来源'],
      [3, '办结时限'],
      [3, '批示领导'],
      [3, '日期'],
      [4, '长期事项'],
      [4, '文号'],
      [5, '事项内容'],
      [5, '标题或会议名称'],
      [5, '日期'],
    ]);
    expect(out.problems[2]!.reason).toContain('有 2 位领导名为“李四”');
  });

  it('reads a check problem back as row and column', () => {
    expect(sheetProblemOf({ field: 'R7|配合单位[1]', reason: 'x' })).toEqual({
      row: 7,
      column: '配合单位',
      reason: 'x',
    });
    expect(splitUnits('省民政厅、省财政厅,, 省发展改革委;\n')).toEqual([
      '省民政厅',
      '省财政厅',
      '省发展改革委',
    ]);
  });
});

describe('an item deadline', () => {
  const check = (item: { dueOn?: string | null; ongoing?: boolean }, cadence = 'monthly') => {
    const problems: FieldProblem[] = [];
    const policy = {
      ...DEFAULT_PLAN_POLICY,
      reporting: { ...DEFAULT_PLAN_POLICY.reporting, cadence: cadence as 'monthly' },
    };
    const due = itemDeadline(item, (f) => f, '2026-11-23', policy, problems);
    return { due, fields: problems.map((p) => p.field) };
  };
  it('is a date from today on, or none for an ongoing item with a cadence', () => {
    expect(check({ dueOn: '2026-11-23' })).toEqual({ due: '2026-11-23', fields: [] });
    expect(check({ ongoing: true })).toEqual({ due: null, fields: [] });
    expect(check({ dueOn: '2026-11-20' }).fields).toEqual(['dueOn']);
    expect(check({ dueOn: '2026-02-30' }).fields).toEqual(['dueOn']);
    expect(check({}).fields).toEqual(['dueOn']);
    expect(check({ dueOn: '2026-12-01', ongoing: true }).fields).toEqual(['dueOn']);
    expect(check({ ongoing: true }, 'none').fields).toEqual(['ongoing']);
  });
});
