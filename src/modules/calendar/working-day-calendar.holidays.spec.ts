import { bundledCalendar, bundledWorkingDayCalendar, exceptionsOf } from './calendar-seed';
import { calendarYearProblems, parseYear } from './calendar-year.validation';
import { DateTime } from 'luxon';
import { addCalendarDays, weekdayOf } from '../../common/time/local-date';
import { WorkingDayCalendar } from './working-day-calendar';

/** The pure calendar on the real State Council data bundled with `chinese-days`. */
describe('WorkingDayCalendar with the chinese-days holidays', () => {
  const cal = bundledWorkingDayCalendar();
  const data = bundledCalendar();

  it('reads every year 2004–2026 from the package, with its version as the source', () => {
    expect(data.source).toMatch(/^chinese-days@\d+\.\d+\.\d+$/);
    expect(data.years[0]).toBe(2004);
    expect(data.years).toContain(2026);
    expect(data.years).toEqual(
      Array.from({ length: data.years.at(-1)! - 2003 }, (_, i) => 2004 + i),
    );
    expect(data.days.find((d) => d.date === '2026-10-01')).toEqual({
      date: '2026-10-01',
      kind: 'HOLIDAY',
      name: '国庆节',
    });
    // Every make-up working day of the data falls on a weekend, and no date is listed twice.
    for (const d of data.days.filter((x) => x.kind === 'MAKEUP_WORKDAY')) {
      expect(weekdayOf(d.date)).toBeGreaterThanOrEqual(6);
    }
    expect(new Set(data.days.map((d) => d.date)).size).toBe(data.days.length);
  });

  it('workingDaysAfter counts what isWorkingDay says, day by day, over 2003–2027', () => {
    // From every day, to every later day up to 40 days on, and to a fixed far end: the counting
    // by arithmetic and binary search agrees with walking the days.
    const far = '2027-03-31';
    const totals = new Map<string, number>();
    let running = 0;
    for (let d = '2003-12-01'; d <= far; d = addCalendarDays(d, 1)) {
      if (cal.isWorkingDay(d)) running += 1;
      totals.set(d, running);
    }
    for (let from = '2003-12-01'; from <= '2027-02-01'; from = addCalendarDays(from, 1)) {
      for (let k = 0; k <= 40; k += 1) {
        const to = addCalendarDays(from, k);
        const walked = totals.get(to)! - totals.get(from)!;
        if (cal.workingDaysAfter(from, to) !== walked) {
          throw new Error(`${from}..${to}: ${cal.workingDaysAfter(from, to)} ≠ ${walked}`);
        }
      }
      if (cal.workingDaysAfter(from, far) !== totals.get(far)! - totals.get(from)!) {
        throw new Error(`${from}..${far}`);
      }
    }
    expect(cal.workingDaysAfter('2026-12-31', '2026-01-01')).toBe(0);
  });

  it('isWorkingDay is exactly (Mon–Fri and not a holiday) or a make-up working day, 2004–2026', () => {
    const holidays = new Set(data.days.filter((d) => d.kind === 'HOLIDAY').map((d) => d.date));
    const makeups = new Set(
      data.days.filter((d) => d.kind === 'MAKEUP_WORKDAY').map((d) => d.date),
    );
    for (let d = '2004-01-01'; d <= '2026-12-31'; d = addCalendarDays(d, 1)) {
      const expected = (weekdayOf(d) <= 5 && !holidays.has(d)) || makeups.has(d);
      if (cal.isWorkingDay(d) !== expected) throw new Error(`${d}: expected ${expected}`);
    }
  });

  describe('Spring Festival 2026 (holidays 02-15..02-23, make-up Saturdays 02-14 and 02-28)', () => {
    it('knows the break and the make-up Saturdays', () => {
      expect(cal.isWorkingDay('2026-02-13')).toBe(true); // Friday
      expect(cal.isWorkingDay('2026-02-14')).toBe(true); // Saturday, make-up
      for (let d = '2026-02-15'; d <= '2026-02-23'; d = addCalendarDays(d, 1)) {
        expect([d, cal.isWorkingDay(d)]).toEqual([d, false]);
      }
      expect(cal.isWorkingDay('2026-02-24')).toBe(true); // Tuesday, back at work
      expect(cal.isWorkingDay('2026-02-28')).toBe(true); // Saturday, make-up
      expect(cal.isWorkingDay('2026-03-01')).toBe(false); // an ordinary Sunday
    });

    it('a deadline right after the break: T−1 and T−5 reach back over it', () => {
      // Due Tuesday 02-24: the working day before is the make-up Saturday 02-14.
      expect(cal.addWorkingDays('2026-02-24', -1)).toBe('2026-02-14');
      expect(cal.addWorkingDays('2026-02-24', -2)).toBe('2026-02-13');
      expect(cal.addWorkingDays('2026-02-24', -5)).toBe('2026-02-10');
      // Due Wednesday 02-25: one working day after the break.
      expect(cal.addWorkingDays('2026-02-25', -1)).toBe('2026-02-24');
      expect(cal.addWorkingDays('2026-02-25', -2)).toBe('2026-02-14');
      // The README example.
      expect(cal.addWorkingDays('2026-02-13', -5)).toBe('2026-02-06');
    });

    it('counting forward into and out of the break', () => {
      expect(cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
      expect(cal.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
      expect(cal.addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
      expect(cal.addWorkingDays('2026-02-20', 0)).toBe('2026-02-20');
      expect(cal.addWorkingDays('2026-02-20', 1)).toBe('2026-02-24');
      expect(cal.addWorkingDays('2026-02-26', 2)).toBe('2026-02-28');
    });

    it('overdue working days after a due date just before the break', () => {
      expect(cal.workingDaysAfter('2026-02-13', '2026-02-14')).toBe(1);
      expect(cal.workingDaysAfter('2026-02-13', '2026-02-23')).toBe(1);
      expect(cal.workingDaysAfter('2026-02-13', '2026-02-24')).toBe(2);
      expect(cal.workingDaysAfter('2026-02-14', '2026-02-23')).toBe(0);
      expect(cal.workingDaysAfter('2026-02-13', '2026-02-28')).toBe(6);
      // Three working days overdue on 02-25: due 02-13 or earlier.
      expect(cal.latestDueDateOverdueBy('2026-02-25', 3)).toBe('2026-02-13');
      expect(cal.latestDueDateOverdueBy('2026-02-24', 1)).toBe('2026-02-23');
    });
  });

  it('a make-up Saturday is a working day (2025-09-28 Sunday, 2025-10-11 Saturday)', () => {
    expect(weekdayOf('2025-10-11')).toBe(6);
    expect(cal.isWorkingDay('2025-10-11')).toBe(true);
    expect(cal.isWorkingDay('2025-09-28')).toBe(true);
    expect(cal.addWorkingDays('2025-10-10', 1)).toBe('2025-10-11');
    expect(cal.addWorkingDays('2025-10-13', -1)).toBe('2025-10-11');
    expect(cal.workingDaysAfter('2025-10-10', '2025-10-13')).toBe(2);
  });

  it('National Day week 2026 (10-01..10-07 off, 09-20 and 10-10 worked)', () => {
    for (let d = '2026-10-01'; d <= '2026-10-07'; d = addCalendarDays(d, 1)) {
      expect([d, cal.isWorkingDay(d)]).toEqual([d, false]);
    }
    expect(cal.isWorkingDay('2026-09-20')).toBe(true); // Sunday, make-up
    expect(cal.isWorkingDay('2026-10-10')).toBe(true); // Saturday, make-up
    expect(cal.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(cal.addWorkingDays('2026-10-08', -1)).toBe('2026-09-30');
    expect(cal.addWorkingDays('2026-10-08', -5)).toBe('2026-09-23'); // 09-25..27 Mid-autumn Festival
    expect(cal.addWorkingDays('2026-10-09', 1)).toBe('2026-10-10');
    expect(cal.workingDaysAfter('2026-09-30', '2026-10-07')).toBe(0);
    expect(cal.workingDaysAfter('2026-09-30', '2026-10-12')).toBe(4);
  });

  it('year boundaries across New Year holidays', () => {
    // 2025-12-31 is a Wednesday; 2026-01-01..03 off, Sunday 01-04 worked.
    expect(cal.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
    expect(cal.addWorkingDays('2025-12-31', 2)).toBe('2026-01-05');
    expect(cal.addWorkingDays('2026-01-04', -1)).toBe('2025-12-31');
    expect(cal.workingDaysAfter('2025-12-31', '2026-01-03')).toBe(0);
    expect(cal.workingDaysAfter('2025-12-30', '2026-01-05')).toBe(3);
    // 2024-12-31 Tuesday; 2025-01-01 off.
    expect(cal.addWorkingDays('2024-12-31', 1)).toBe('2025-01-02');
    expect(cal.addWorkingDays('2025-01-02', -1)).toBe('2024-12-31');
    // 2023-12-31 Sunday → 2024-01-01 Monday off → 2024-01-02.
    expect(cal.addWorkingDays('2023-12-29', 1)).toBe('2024-01-02');
    // Past the data: 2027 is provisional, weekends only.
    expect(cal.addWorkingDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(cal.isWorkingDay('2027-02-08')).toBe(true);
  });

  it('knows which years are provisional', () => {
    expect(cal.isProvisional('2026-06-01')).toBe(false);
    expect(cal.isProvisional('2004-01-01')).toBe(false);
    expect(cal.isProvisional('2027-01-01')).toBe(true);
    expect(cal.isProvisional('2003-12-31')).toBe(true);
    const admin = new WorkingDayCalendar(new Map(), new Map([[2027, true]]));
    expect(admin.isProvisional('2027-03-01')).toBe(true);
    expect(new WorkingDayCalendar().isProvisional('2026-01-01')).toBe(true);
  });

  it('addWorkingDays and workingDaysAfter are inverse on every day of 2019–2026', () => {
    for (let d = '2019-01-01'; d <= '2026-12-31'; d = addCalendarDays(d, 1)) {
      for (const n of [1, 2, 5, 10, 22]) {
        const later = cal.addWorkingDays(d, n);
        const earlier = cal.addWorkingDays(d, -n);
        if (
          cal.workingDaysAfter(d, later) !== n ||
          !cal.isWorkingDay(later) ||
          // (earlier, d] holds the n − 1 working days between them, and d itself when it is one.
          cal.workingDaysAfter(earlier, d) !== n - 1 + (cal.isWorkingDay(d) ? 1 : 0) ||
          !cal.isWorkingDay(earlier)
        ) {
          throw new Error(`${d} ±${n}: ${earlier} / ${later}`);
        }
        // Counting back from a working day and forward again lands where it started.
        if (cal.isWorkingDay(d) && cal.addWorkingDays(earlier, n) !== d) {
          throw new Error(`${d}: back ${n} to ${earlier} and forward again`);
        }
      }
    }
  });

  it('latestDueDateOverdueBy is tight against workingDaysAfter over two years of real holidays', () => {
    for (let today = '2025-01-01'; today <= '2026-12-31'; today = addCalendarDays(today, 1)) {
      for (const n of [1, 3, 5, 10]) {
        const cutoff = cal.latestDueDateOverdueBy(today, n);
        if (
          cal.workingDaysAfter(cutoff, today) < n ||
          cal.workingDaysAfter(addCalendarDays(cutoff, 1), today) >= n
        ) {
          throw new Error(`${today} n=${n}: cutoff ${cutoff}`);
        }
      }
    }
  });

  it('exceptionsOf maps holidays to false and make-up days to true', () => {
    expect(
      exceptionsOf([
        { date: '2026-10-01', kind: 'HOLIDAY' },
        { date: '2026-10-10', kind: 'MAKEUP_WORKDAY' },
      ]),
    ).toEqual(
      new Map([
        ['2026-10-01', false],
        ['2026-10-10', true],
      ]),
    );
  });
});

describe('calendar year validation', () => {
  it('parses plausible years only', () => {
    expect(parseYear('2027')).toBe(2027);
    expect(parseYear('27')).toBeNull();
    expect(parseYear('abcd')).toBeNull();
    expect(parseYear('1800')).toBeNull();
    expect(parseYear('2027.5')).toBeNull();
  });

  it('accepts a clean year, holidays on any day included', () => {
    expect(
      calendarYearProblems(2027, [
        { date: '2027-01-01', kind: 'HOLIDAY' },
        { date: '2027-01-02', kind: 'HOLIDAY' }, // a Saturday inside a break
        { date: '2027-02-20', kind: 'MAKEUP_WORKDAY' }, // a Saturday
      ]),
    ).toEqual([]);
  });

  it('names the field and the reason for each problem', () => {
    const problems = calendarYearProblems(2027, [
      { date: '2026-12-31', kind: 'HOLIDAY' },
      { date: '2027-02-30', kind: 'HOLIDAY' },
      { date: '2027-05-03', kind: 'HOLIDAY' },
      { date: '2027-05-03', kind: 'HOLIDAY' },
      { date: '2027-05-06', kind: 'MAKEUP_WORKDAY' }, // a Thursday
    ]);
    expect(problems.map((p) => [p.field, p.constraint])).toEqual([
      ['days.0.date', 'inYear'],
      ['days.1.date', 'isDate'],
      ['days.3.date', 'unique'],
      ['days.4.kind', 'makeupOnWeekend'],
    ]);
    expect(problems[0].reason).toContain('不在 2027 年内');
    expect(problems[2].reason).toContain('days.2');
    expect(problems[3].reason).toContain('星期四');
  });
});

describe('calendar-day arithmetic', () => {
  it('agrees with luxon on every day of 1990–2100', () => {
    for (let d = '1990-01-01'; d <= '2100-12-31'; d = addCalendarDays(d, 1)) {
      const lux = DateTime.fromISO(d, { zone: 'utc' });
      if (
        lux.weekday !== weekdayOf(d) ||
        lux.plus({ days: 1 }).toISODate() !== addCalendarDays(d, 1)
      ) {
        throw new Error(d);
      }
    }
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-01-01', -365)).toBe('2025-01-01');
  });
});
