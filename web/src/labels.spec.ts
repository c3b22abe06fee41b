import { dueText, needsAction, originText, tone } from './labels';
import type { MyTask } from './types';

const task = (over: Partial<MyTask>): MyTask => ({
  id: 't',
  planId: 'p',
  source: 'PLAN',
  planTitle: '方案',
  planDocumentNumber: null,
  no: 1,
  text: '任务',
  role: 'LEAD',
  dueOn: '2026-12-31',
  dueSource: 'STATED',
  ongoing: false,
  status: 'IN_PROGRESS',
  percent: 40,
  reportVersion: 1,
  lastReportAt: '2026-12-01T01:00:00Z',
  workingDaysLeft: 15,
  workingDaysOverdue: 0,
  leadDepartments: ['省民政厅'],
  supportDepartments: [],
  ackState: 'ACKNOWLEDGED',
  ackDueOn: '2026-11-26',
  returnReason: null,
  ...over,
});

describe('web labels: what a liaison is told about a task', () => {
  it('states the deadline in working days, or that there is none', () => {
    expect(dueText(task({}))).toBe('2026-12-31,还剩 15 个工作日');
    expect(dueText(task({ workingDaysLeft: 0 }))).toBe('2026-12-31,今天到期');
    expect(dueText(task({ workingDaysLeft: null, workingDaysOverdue: 3 }))).toBe(
      '2026-12-31,已逾期 3 个工作日',
    );
    expect(dueText(task({ ongoing: true, dueOn: null, workingDaysLeft: null }))).toBe('持续推进');
    expect(dueText(task({ status: 'CLOSED' }))).toBe('2026-12-31(已办结)');
  });

  it('lists for this week what is overdue, due within 5 working days, or a lead never reported', () => {
    expect(needsAction(task({ workingDaysOverdue: 2, workingDaysLeft: null }))).toMatch(/已逾期/);
    expect(needsAction(task({ workingDaysLeft: 5 }))).toMatch(/本周内到期/);
    expect(needsAction(task({ workingDaysLeft: 6 }))).toBeNull();
    expect(needsAction(task({ lastReportAt: null }))).toMatch(/尚未报送/);
    expect(needsAction(task({ lastReportAt: null, role: 'SUPPORT' }))).toBeNull();
    // Nothing is asked of a task waiting for the office or closed.
    expect(needsAction(task({ status: 'CLOSURE_REQUESTED', workingDaysOverdue: 4 }))).toBeNull();
    expect(needsAction(task({ status: 'CLOSED', workingDaysOverdue: 4 }))).toBeNull();
  });

  it('colours overdue red, due soon yellow, closed green', () => {
    expect(tone(task({ workingDaysOverdue: 1 }))).toBe('red');
    expect(tone(task({ workingDaysLeft: 3 }))).toBe('yellow');
    expect(tone(task({ status: 'CLOSED', workingDaysOverdue: 1 }))).toBe('green');
    expect(tone(task({}))).toBe('blue');
  });
});

describe('web labels: where a task comes from', () => {
  it('names the source and the document number, or the title without one', () => {
    expect(
      originText(task({ source: 'INSTRUCTION', planDocumentNumber: '苏政批〔2026〕3号' })),
    ).toBe('批示件 · 苏政批〔2026〕3号');
    expect(originText(task({ source: 'MEETING', planTitle: '第12次常务会议' }))).toBe(
      '会议 · 第12次常务会议',
    );
  });
});
