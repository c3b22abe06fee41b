import { addCalendarDays, LocalDate, weekdayOf } from './local-date';

/**
 * Working-day arithmetic: Monday to Friday, except the legal holidays and make-up working days (调休)
 * given as `exceptions`. Pure: the holiday data comes from whoever builds it (CalendarService from
 * PostgreSQL, the CLI from the bundled `chinese-days` data when no database is reachable).
 */
export class WorkingDayCalendar {
  /**
   * @param exceptions date → true for a make-up working day, false for a holiday.
   * @param provisionalByYear year → whether its days are an estimate (no State Council notice yet);
   *   a year not listed has no data at all and is provisional: weekends only.
   */
  constructor(
    private readonly exceptions: ReadonlyMap<LocalDate, boolean> = new Map(),
    private readonly provisionalByYear: ReadonlyMap<number, boolean> = new Map(),
  ) {}

  /** Whether the working days of `date`'s year may still change when its notice is published. */
  isProvisional(date: LocalDate): boolean {
    return this.provisionalByYear.get(Number(date.slice(0, 4))) ?? true;
  }

  isWorkingDay(date: LocalDate): boolean {
    const override = this.exceptions.get(date);
    if (override !== undefined) return override;
    return weekdayOf(date) <= 5;
  }

  /**
   * The |n|-th working day after (n > 0) or before (n < 0) `date`, the date itself not counted.
   * n = 0 returns `date` unchanged.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    const step = n >= 0 ? 1 : -1;
    let remaining = Math.abs(n);
    let current = date;
    while (remaining > 0) {
      current = addCalendarDays(current, step);
      if (this.isWorkingDay(current)) remaining -= 1;
    }
    return current;
  }

  /** Working days in (from, to]: 0 when to <= from. "Overdue by N working days" is this with from = due date. */
  workingDaysAfter(from: LocalDate, to: LocalDate): number {
    if (to <= from) return 0;
    let count = 0;
    for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) {
      if (this.isWorkingDay(d)) count += 1;
    }
    return count;
  }

  /**
   * The latest due date D such that workingDaysAfter(D, today) >= n: every task due on or before it
   * is at least n working days overdue. Lets a sweep select overdue tasks with one indexed range query.
   */
  latestDueDateOverdueBy(today: LocalDate, n: number): LocalDate {
    if (n <= 0) return today;
    // Walk back to the n-th working day on or before today; the due date is the day before it.
    let count = 0;
    let d = today;
    for (;;) {
      if (this.isWorkingDay(d)) {
        count += 1;
        if (count === n) return addCalendarDays(d, -1);
      }
      d = addCalendarDays(d, -1);
    }
  }
}
