import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { DEFAULT_PLAN_POLICY } from '../plan-policy/plan-policy';
import { resolvePolicy } from '../plan-policy/resolve-policy';
import { sourcePolicyInput } from '../plan-policy/source-policy';
import { SKIP_SUPERSEDED } from '../reminders/reminder-policy';
import {
  ackDeadline,
  ackJobIdPieces,
  planAckReminders,
  planArrival,
  withinAckWindow,
} from './ack-policy';

// 2026-11-26 is a working Thursday; 11-28/29 a weekend.
const cal = new WorkingDayCalendar();
const MONDAY_8AM = new Date('2026-11-23T00:00:00Z');

describe('acknowledgement rules', () => {
  it('gives 3 working days from the arrival day, skipping weekends', () => {
    expect(ackDeadline('2026-11-23', DEFAULT_PLAN_POLICY, cal)).toBe('2026-11-26');
    expect(ackDeadline('2026-11-26', DEFAULT_PLAN_POLICY, cal)).toBe('2026-12-01');
    // Work arriving on a Saturday counts from the next working days.
    expect(ackDeadline('2026-11-28', DEFAULT_PLAN_POLICY, cal)).toBe('2026-12-02');
  });

  it('reminds on the last morning and urges urgeAfter working days later', () => {
    const steps = planAckReminders('2026-11-27', MONDAY_8AM, cal, DEFAULT_PLAN_POLICY);
    expect(
      steps.map((s) => [s.kind, s.offsetWorkingDays, s.fireAt.toISOString(), s.status]),
    ).toEqual([
      ['ACK_DUE', 0, '2026-11-27T01:00:00.000Z', 'PENDING'],
      // Friday's deadline: urged on Monday.
      ['ACK_OVERDUE', -1, '2026-11-30T01:00:00.000Z', 'PENDING'],
    ]);
  });

  it('keeps only the urging when both moments have passed (no backlog)', () => {
    const steps = planAckReminders('2026-11-19', MONDAY_8AM, cal, DEFAULT_PLAN_POLICY);
    expect(steps.map((s) => [s.kind, s.status, s.skippedReason])).toEqual([
      ['ACK_DUE', 'SKIPPED', SKIP_SUPERSEDED],
      ['ACK_OVERDUE', 'PENDING', undefined],
    ]);
  });

  it("plans a 批示件's one-day window and its first report within 5 working days, lead only", () => {
    const policy = resolvePolicy(sourcePolicyInput('INSTRUCTION', {})).policy;
    const { ackDueOn, steps } = planArrival('2026-11-23', MONDAY_8AM, cal, policy);
    expect(ackDueOn).toBe('2026-11-24');
    const first = steps.filter((s) => s.leadOnly);
    expect(first.map((s) => [s.kind, s.dueOn, s.periodStart, s.jobId.prefix])).toEqual([
      ['REPORT_DUE', '2026-11-30', '2026-11-23', 'first-'],
      ['REPORT_MISSED', '2026-11-30', '2026-11-23', 'first-'],
    ]);
    // The plan default has no first report.
    expect(planArrival('2026-11-23', MONDAY_8AM, cal, DEFAULT_PLAN_POLICY).steps).toHaveLength(2);
  });

  it('allows a return up to the end of the deadline day, or while no deadline is planned', () => {
    expect(withinAckWindow('2026-11-26', '2026-11-26')).toBe(true);
    expect(withinAckWindow('2026-11-26', '2026-11-27')).toBe(false);
    expect(withinAckWindow(null, '2027-01-01')).toBe(true);
  });

  it('gives job ids without colons, one per kind and deadline', () => {
    expect(ackJobIdPieces('ACK_DUE', '2026-11-26')).toEqual({
      prefix: 'ack-',
      suffix: '-due-2026-11-26',
    });
    expect(ackJobIdPieces('ACK_OVERDUE', '2026-11-26').suffix).toBe('-overdue-2026-11-26');
  });
});
