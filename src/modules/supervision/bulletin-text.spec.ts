import { renderBulletin } from './bulletin-text';
import type { BulletinDto } from './dto/bulletin.dto';

const task = (no: number, extra: Partial<BulletinDto['overdue'][number]> = {}) => ({
  taskId: `t${no}`,
  planTitle: '方案',
  source: 'PLAN' as BulletinDto['overdue'][number]['source'],
  planDocumentNumber: null,
  no,
  text: `第${no}项任务`,
  leadDepartments: ['省民政厅'],
  dueOn: '2026-11-25',
  closedOn: null,
  workingDaysOverdue: 0,
  card: null,
  ...extra,
});

describe('renderBulletin', () => {
  const draft: BulletinDto = {
    from: '2026-11-01',
    to: '2026-11-30',
    asOf: '2026-11-30',
    planTitle: '江苏省民政工作责任分解方案',
    sources: null,
    bySource: [],
    totals: { tasks: 10, closed: 3, open: 7, overdue: 2, closedInPeriod: 1, redCardsInPeriod: 1 },
    closed: [task(5, { closedOn: '2026-11-19' })],
    overdue: [
      task(8, { workingDaysOverdue: 12, card: 'RED' }),
      task(2, { leadDepartments: [], workingDaysOverdue: 3 }),
    ],
    laggards: [
      {
        departmentId: 'd',
        departmentName: '省民政厅',
        overdueLead: 1,
        overdueSupport: 2,
        redCards: 1,
      },
    ],
  };

  it('writes the draft in Chinese: totals, closures, overdue items and laggards', () => {
    const text = renderBulletin(draft);
    expect(text).toContain('**方案:** 江苏省民政工作责任分解方案');
    expect(text).toContain('2026年11月1日至2026年11月30日(数据截至2026年11月30日)');
    expect(text).toContain(
      '共督办任务10项,已办结3项(其中本期办结1项),正在推进7项,逾期未办结2项;本期发出红牌警示1次。',
    );
    expect(text).toContain('1. 第5项 第5项任务(牵头单位:省民政厅;2026年11月19日办结)');
    expect(text).toContain('已逾期12个工作日,红牌警示)');
    expect(text).toContain('2. 第2项 第2项任务(未明确牵头单位;');
    expect(text).toContain('1. 省民政厅:牵头事项逾期1项,配合事项逾期2项,本期红牌1次。');
  });

  it('names work of other sources by source and document, and counts each source', () => {
    const text = renderBulletin({
      ...draft,
      sources: ['INSTRUCTION', 'MEETING'],
      bySource: [
        {
          source: 'INSTRUCTION',
          label: '领导批示件',
          tasks: 2,
          closed: 1,
          overdue: 1,
          closedInPeriod: 1,
        },
        {
          source: 'MEETING',
          label: '会议议定事项',
          tasks: 3,
          closed: 0,
          overdue: 0,
          closedInPeriod: 0,
        },
      ],
      closed: [],
      overdue: [
        task(1, {
          source: 'INSTRUCTION',
          planDocumentNumber: '苏政批〔2026〕3号',
          workingDaysOverdue: 2,
        }),
        task(2, { source: 'MEETING', planTitle: '第12次常务会议', workingDaysOverdue: 1 }),
      ],
    });
    expect(text).toContain('**来源:** 领导批示件、会议议定事项');
    expect(text).toContain(
      '按来源:领导批示件2项(已办结1项,逾期未办结1项);会议议定事项3项(已办结0项,逾期未办结0项)。',
    );
    expect(text).toContain('1. 【领导批示件 · 苏政批〔2026〕3号】第1项任务(牵头单位:省民政厅;');
    expect(text).toContain('2. 【会议议定事项 · 第12次常务会议】第2项 第2项任务(');
  });

  it('says so when a section is empty', () => {
    const text = renderBulletin({ ...draft, closed: [], overdue: [], laggards: [] });
    expect(text).toContain('本期无办结事项。');
    expect(text).toContain('无逾期未办结事项。');
  });
});
