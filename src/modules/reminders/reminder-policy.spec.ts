import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import {
  deadlineJobIdPieces,
  planReminders,
  planReportSteps,
  reminderJobId,
  reportJobIdPieces,
  SKIP_DEADLINE_PASSED,
  SKIP_SUPERSEDED,
  SUB_DEADLINE_JOB_PREFIX,
  subDeadlineJobId,
} from './reminder-policy';

const cal = new WorkingDayCalendar();
// Deadline Friday 2026-12-04: T−5 = Fri 11-27 09:00, T−1 = Thu 12-03 09:00 (Shanghai) = 01:00 UTC.
const due = '2026-12-04';

describe('planReminders', () => {
  it('schedules T−5 and T−1 at 09:00 Shanghai on working days when planned early', () => {
    const r = planReminders(due, new Date('2026-11-01T00:00:00Z'), cal);
    expect(r).toEqual([
      { offsetWorkingDays: 5, fireAt: new Date('2026-11-27T01:00:00Z'), status: 'PENDING' },
      { offsetWorkingDays: 1, fireAt: new Date('2026-12-03T01:00:00Z'), status: 'PENDING' },
    ]);
  });

  it('skips weekends: a Monday deadline gets T−1 on the Friday before', () => {
    const r = planReminders('2026-11-30', new Date('2026-11-01T00:00:00Z'), cal);
    expect(r.map((x) => x.fireAt.toISOString())).toEqual([
      '2026-11-23T01:00:00.000Z',
      '2026-11-27T01:00:00.000Z',
    ]);
  });

  it('keeps only the latest passed reminder when imported late but before the deadline', () => {
    const r = planReminders(due, new Date('2026-12-03T05:00:00Z'), cal);
    expect(r.map((x) => [x.offsetWorkingDays, x.status, x.skippedReason])).toEqual([
      [5, 'SKIPPED', SKIP_SUPERSEDED],
      [1, 'PENDING', undefined],
    ]);
  });

  it('keeps a passed T−5 when T−1 is still ahead', () => {
    const r = planReminders(due, new Date('2026-11-30T02:00:00Z'), cal);
    expect(r.map((x) => x.status)).toEqual(['PENDING', 'PENDING']);
  });

  it('sends nothing once the deadline (end of its Shanghai day) has passed', () => {
    const justBefore = planReminders(due, new Date('2026-12-04T15:59:59Z'), cal);
    expect(justBefore.map((x) => x.status)).toEqual(['SKIPPED', 'PENDING']);
    const after = planReminders(due, new Date('2026-12-04T16:00:00Z'), cal);
    expect(
      after.every((x) => x.status === 'SKIPPED' && x.skippedReason === SKIP_DEADLINE_PASSED),
    ).toBe(true);
  });

  it('builds deterministic job ids without colons', () => {
    const id = reminderJobId('a1', 5, due);
    expect(id).toBe('reminder-a1-t5-2026-12-04');
    expect(id).not.toContain(':');
  });
});

describe('job ids', () => {
  it('joins the pieces around the assignment id as SQL does', () => {
    const { prefix, suffix } = deadlineJobIdPieces(5, due);
    expect(`${prefix}a1${suffix}`).toBe(reminderJobId('a1', 5, due));
    const report = reportJobIdPieces('REPORT_MISSED', '2026-12-25');
    expect(`${report.prefix}a1${report.suffix}`).toBe('report-a1-report_missed-2026-12-25');
  });

  it('marks sub-deadline ids with their prefix', () => {
    const id = subDeadlineJobId('a1', 'REPORT_DUE', due);
    expect(id).toBe('sub-a1-due-2026-12-04');
    expect(id.startsWith(SUB_DEADLINE_JOB_PREFIX)).toBe(true);
    expect(subDeadlineJobId('a1', 'REPORT_MISSED', due)).toBe('sub-a1-missed-2026-12-04');
  });
});

describe('planReportSteps', () => {
  it('reminds remindBefore working days before the report and urges urgeAfter after it', () => {
    const rules = {
      sendHour: 9,
      reporting: { cadence: 'monthly', dueDay: 25, remindBefore: 3, urgeAfter: 1, firstWithin: 0 },
    } as const;
    // Friday 2026-12-25: T−3 = Tue 12-22, T+1 = Mon 12-28, at 09:00 Shanghai.
    expect(planReportSteps('2026-12-25', cal, rules)).toEqual([
      { kind: 'REPORT_DUE', offsetWorkingDays: 3, fireAt: new Date('2026-12-22T01:00:00Z') },
      { kind: 'REPORT_MISSED', offsetWorkingDays: -1, fireAt: new Date('2026-12-28T01:00:00Z') },
    ]);
  });
});
