import { WorkingDayCalendar } from './working-day-calendar';
import {
  addCalendarDays,
  endOfLocalDay,
  instantAt,
  localDateOf,
} from '../../common/time/local-date';

describe('WorkingDayCalendar (weekends only)', () => {
  const cal = new WorkingDayCalendar();

  it('knows weekdays from weekends', () => {
    expect(cal.isWorkingDay('2026-11-20')).toBe(true); // Friday
    expect(cal.isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(cal.isWorkingDay('2026-11-23')).toBe(true); // Monday
  });

  it('counts working days backwards across a weekend, the date itself not counted', () => {
    expect(cal.addWorkingDays('2026-11-27', -1)).toBe('2026-11-26');
    expect(cal.addWorkingDays('2026-11-27', -5)).toBe('2026-11-20');
    expect(cal.addWorkingDays('2026-11-23', -1)).toBe('2026-11-20');
    expect(cal.addWorkingDays('2026-11-22', -1)).toBe('2026-11-20');
  });

  it('counts forwards and returns the date for n = 0', () => {
    expect(cal.addWorkingDays('2026-11-20', 1)).toBe('2026-11-23');
    expect(cal.addWorkingDays('2026-11-21', 5)).toBe('2026-11-27');
    expect(cal.addWorkingDays('2026-11-21', 0)).toBe('2026-11-21');
  });

  it('counts overdue working days after a due date', () => {
    expect(cal.workingDaysAfter('2026-11-20', '2026-11-20')).toBe(0);
    expect(cal.workingDaysAfter('2026-11-20', '2026-11-22')).toBe(0);
    expect(cal.workingDaysAfter('2026-11-20', '2026-11-23')).toBe(1);
    expect(cal.workingDaysAfter('2026-11-20', '2026-11-27')).toBe(5);
    expect(cal.workingDaysAfter('2026-11-27', '2026-11-20')).toBe(0);
  });

  it('latestDueDateOverdueBy agrees with workingDaysAfter on every day of a quarter', () => {
    for (let i = 0; i < 92; i++) {
      const today = addCalendarDays('2026-10-01', i);
      for (const n of [1, 5, 10]) {
        const cutoff = cal.latestDueDateOverdueBy(today, n);
        expect(cal.workingDaysAfter(cutoff, today)).toBeGreaterThanOrEqual(n);
        expect(cal.workingDaysAfter(addCalendarDays(cutoff, 1), today)).toBeLessThan(n);
      }
    }
  });

  it('addWorkingDays and workingDaysAfter are inverse over two years', () => {
    for (let i = 0; i < 730; i += 3) {
      const d = addCalendarDays('2026-01-01', i);
      for (const n of [1, 3, 5, 10]) {
        const later = cal.addWorkingDays(d, n);
        expect(cal.workingDaysAfter(d, later)).toBe(n);
        expect(cal.isWorkingDay(later)).toBe(true);
      }
    }
  });

  it('honours exceptions (a holiday on a weekday, a make-up working Saturday)', () => {
    const withHolidays = new WorkingDayCalendar(
      new Map([
        ['2026-10-01', false],
        ['2026-09-27', true],
      ]),
    );
    expect(withHolidays.isWorkingDay('2026-10-01')).toBe(false);
    expect(withHolidays.isWorkingDay('2026-09-27')).toBe(true);
    expect(withHolidays.addWorkingDays('2026-10-02', -1)).toBe('2026-09-30');
  });
});

describe('local dates in Asia/Shanghai', () => {
  it('maps UTC instants to the Shanghai day', () => {
    expect(localDateOf(new Date('2026-11-22T15:59:59Z'))).toBe('2026-11-22');
    expect(localDateOf(new Date('2026-11-22T16:00:00Z'))).toBe('2026-11-23');
  });

  it('puts a deadline at the end of its Shanghai day and 09:00 at 01:00 UTC', () => {
    expect(endOfLocalDay('2026-11-27').toISOString()).toBe('2026-11-27T16:00:00.000Z');
    expect(instantAt('2026-11-27', 9).toISOString()).toBe('2026-11-27T01:00:00.000Z');
  });
});
