import { DEFAULT_PLAN_POLICY, inQuietHours, quietHoursEnd, resolvePolicy } from './plan-policy';

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
