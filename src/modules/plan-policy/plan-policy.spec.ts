import { DEFAULT_PLAN_POLICY } from './plan-policy';
import { inQuietHours, quietHoursEnd } from './quiet-hours';
import { reportingPeriod } from './reporting-period';
import { resolvePolicy } from './resolve-policy';
import { sourcePolicyInput } from './source-policy';

describe('plan policy', () => {
  it('fills every default from an empty policy', () => {
    expect(resolvePolicy({})).toEqual({ policy: DEFAULT_PLAN_POLICY, problems: [] });
    expect(resolvePolicy(null).policy).toEqual(DEFAULT_PLAN_POLICY);
  });

  it('keeps given values, sorted and deduplicated, and merges partial objects', () => {
    const { policy, problems } = resolvePolicy({
      deadlineReminders: [1, 3, 3, 10],
      quietHours: { start: '21:30' },
    });
    expect(problems).toEqual([]);
    expect(policy.deadlineReminders).toEqual([10, 3, 1]);
    expect(policy.quietHours).toEqual({ start: '21:30', end: '08:00' });
  });

  it.each([
    [{ deadlineReminders: [-1] }, 'deadlineReminders'],
    [{ deadlineReminders: [1.5] }, 'deadlineReminders'],
    [{ sendHour: 24 }, 'sendHour'],
    [{ sendHour: 23 }, 'sendHour'], // inside the default quiet hours
    [{ quietHours: { start: '25:00', end: '08:00' } }, 'quietHours.start'],
    [{ escalation: { urgingAfter: 5, supervisionAfter: 5 } }, 'escalation'],
    // The sweep walks the calendar back this many working days: 1e15 passed and never ended.
    [{ escalation: { urgingAfter: 1, supervisionAfter: 2, redCardAfter: 1e15 } }, 'escalation'],
    [{ escalation: { redCardAfter: 251 } }, 'escalation'],
    // Unknown settings were stored silently (a typo, or 20,000 keys of padding).
    [{ sendhour: 9 }, 'sendhour'],
    [{ sendHour: { $gt: '' } }, 'sendHour'], // was a TypeError (500), found by the fuzz suite
    [{ sendHour: null }, 'sendHour'],
    [{ disputeWindowWorkingDays: null }, 'disputeWindowWorkingDays'],
    [{ escalation: { urgingafter: 2 } }, 'escalation.urgingafter'],
    [{ reporting: { cadence: 'daily' } }, 'reporting.cadence'],
    [{ reporting: { cadence: 'weekly', dueDay: 8 } }, 'reporting.dueDay'],
    [{ reporting: { firstWithin: -1 } }, 'reporting.firstWithin'],
    [{ acknowledgement: { workingDays: 0 } }, 'acknowledgement.workingDays'],
    [{ acknowledgement: { urgeAfter: 1.5 } }, 'acknowledgement.urgeAfter'],
    [{ acknowledgement: 3 }, 'acknowledgement'],
    [{ review: { leader: 'yes' } }, 'review.leader'],
    [{ review: { office: false } }, 'review.office'],
    [{ reporting: { dueDay: 0 } }, 'reporting.dueDay'],
    [{ reporting: { remindBefore: -1 } }, 'reporting.remindBefore'],
    [{ assessment: { leadMissedDeadline: -5 } }, 'assessment.leadMissedDeadline'],
    [{ assessment: { unansweredNotice: 'one' } }, 'assessment.unansweredNotice'],
    [{ assessment: { bonus: 1 } }, 'assessment.bonus'],
    [{ disputeWindowWorkingDays: 61 }, 'disputeWindowWorkingDays'],
    [{ disputeWindowWorkingDays: 2.5 }, 'disputeWindowWorkingDays'],
  ])('names the field of an invalid policy %j', (raw, field) => {
    expect(resolvePolicy(raw).problems.map((p) => p.field)).toContain(field);
  });

  it('knows quiet hours that wrap midnight (22:00–08:00 Shanghai)', () => {
    const p = DEFAULT_PLAN_POLICY;
    expect(inQuietHours(new Date('2026-11-23T13:59:00Z'), p)).toBe(false); // 21:59
    expect(inQuietHours(new Date('2026-11-23T14:00:00Z'), p)).toBe(true); // 22:00
    expect(inQuietHours(new Date('2026-11-23T23:59:00Z'), p)).toBe(true); // 07:59 next day
    expect(inQuietHours(new Date('2026-11-24T00:00:00Z'), p)).toBe(false); // 08:00
  });

  it('holds a message until the morning', () => {
    const p = DEFAULT_PLAN_POLICY;
    expect(quietHoursEnd(new Date('2026-11-23T15:00:00Z'), p)?.toISOString()).toBe(
      '2026-11-24T00:00:00.000Z',
    );
    expect(quietHoursEnd(new Date('2026-11-23T20:00:00Z'), p)?.toISOString()).toBe(
      '2026-11-24T00:00:00.000Z',
    );
    expect(quietHoursEnd(new Date('2026-11-23T03:00:00Z'), p)).toBeNull();
  });

  it('supports quiet hours within one day', () => {
    const p = { ...DEFAULT_PLAN_POLICY, quietHours: { start: '12:00', end: '14:00' } };
    expect(inQuietHours(new Date('2026-11-23T04:30:00Z'), p)).toBe(true); // 12:30
    expect(quietHoursEnd(new Date('2026-11-23T04:30:00Z'), p)?.toISOString()).toBe(
      '2026-11-23T06:00:00.000Z',
    );
  });
});

describe('reporting periods', () => {
  const monthly = {
    cadence: 'monthly' as const,
    dueDay: 25,
    remindBefore: 3,
    urgeAfter: 1,
    firstWithin: 0,
  };

  it('finds the next monthly due date on or after today, and the period it closes', () => {
    expect(reportingPeriod('2026-11-23', monthly)).toEqual({
      previousDueOn: '2026-10-25',
      dueOn: '2026-11-25',
      periodStart: '2026-10-26',
    });
    expect(reportingPeriod('2026-11-25', monthly)?.dueOn).toBe('2026-11-25');
    expect(reportingPeriod('2026-11-26', monthly)).toEqual({
      previousDueOn: '2026-11-25',
      dueOn: '2026-12-25',
      periodStart: '2026-11-26',
    });
    expect(reportingPeriod('2026-12-26', monthly)?.dueOn).toBe('2027-01-25');
  });

  it('clamps a day past the month end (31 = the last day, 29 in February)', () => {
    expect(reportingPeriod('2027-02-10', { ...monthly, dueDay: 31 })?.dueOn).toBe('2027-02-28');
    expect(reportingPeriod('2027-03-01', { ...monthly, dueDay: 31 })?.previousDueOn).toBe(
      '2027-02-28',
    );
  });

  it('puts quarterly reports in the last month of each quarter', () => {
    const quarterly = { ...monthly, cadence: 'quarterly' as const, dueDay: 28 };
    expect(reportingPeriod('2026-11-23', quarterly)).toEqual({
      previousDueOn: '2026-09-28',
      dueOn: '2026-12-28',
      periodStart: '2026-09-29',
    });
    expect(reportingPeriod('2026-12-29', quarterly)?.dueOn).toBe('2027-03-28');
    expect(reportingPeriod('2026-01-05', quarterly)?.previousDueOn).toBe('2025-12-28');
  });

  it('runs weekly periods up to the weekday named by dueDay', () => {
    const weekly = { ...monthly, cadence: 'weekly' as const, dueDay: 5 };
    // Monday 2026-12-07: due Friday 12-11, the period started the Saturday before.
    expect(reportingPeriod('2026-12-07', weekly)).toEqual({
      previousDueOn: '2026-12-04',
      dueOn: '2026-12-11',
      periodStart: '2026-12-05',
    });
    // On the due day itself the period still ends today.
    expect(reportingPeriod('2026-12-11', weekly)?.dueOn).toBe('2026-12-11');
    expect(reportingPeriod('2026-12-12', weekly)?.dueOn).toBe('2026-12-18');
  });

  it('has no period when the plan has no reporting cadence', () => {
    expect(reportingPeriod('2026-11-23', { ...monthly, cadence: 'none' })).toBeNull();
  });
});

describe('source policies', () => {
  it("gives a leader's instruction its DESIGN.md defaults and keeps what the office set", () => {
    const { policy, problems } = resolvePolicy(
      sourcePolicyInput('INSTRUCTION', { reporting: { dueDay: 3 } }),
    );
    expect(problems).toEqual([]);
    expect(policy.acknowledgement.workingDays).toBe(1);
    expect(policy.reporting).toMatchObject({ cadence: 'weekly', dueDay: 3, firstWithin: 5 });
    expect(policy.review).toEqual({ head: false, leader: true });
  });

  it('leaves a plan on the plan defaults', () => {
    expect(resolvePolicy(sourcePolicyInput('PLAN', {})).policy).toEqual(DEFAULT_PLAN_POLICY);
  });
});
