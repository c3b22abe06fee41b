import { addCalendarDays, LocalDate, weekdayOf } from '../../common/time/local-date';

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

  /**
   * Working days in (from, to]: 0 when to <= from. "Overdue by N working days" is this with from = due date.
   * Constant work per call (weekdays by arithmetic, the exceptions by binary search), so that a list of
   * thousands of tasks overdue for years costs no more than a short one.
   */
  workingDaysAfter(from: LocalDate, to: LocalDate): number {
    if (to <= from) return 0;
    return (
      weekdaysUpTo(to) -
      weekdaysUpTo(from) +
      this.exceptionDeltaUpTo(to) -
      this.exceptionDeltaUpTo(from)
    );
  }

  /** Sorted exception dates and the running sum of what each changes against Monday–Friday. */
  private deltas?: { dates: LocalDate[]; sums: number[] };

  /** Σ over exceptions on or before `date`: +1 for a make-up weekend day, −1 for a weekday holiday. */
  private exceptionDeltaUpTo(date: LocalDate): number {
    if (!this.deltas) {
      const dates: LocalDate[] = [];
      const sums: number[] = [];
      let sum = 0;
      for (const [d, working] of [...this.exceptions].sort((a, b) => a[0].localeCompare(b[0]))) {
        const weekday = weekdayOf(d) <= 5;
        if (working === weekday) continue;
        sum += working ? 1 : -1;
        dates.push(d);
        sums.push(sum);
      }
      this.deltas = { dates, sums };
    }
    const { dates, sums } = this.deltas;
    // The last exception on or before `date`.
    let lo = 0;
    let hi = dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (dates[mid]! <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : sums[lo - 1]!;
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

const MS_PER_DAY = 86_400_000;

/** Mondays to Fridays from an arbitrary fixed Monday (1970-01-05) up to and including `date`. */
function weekdaysUpTo(date: LocalDate): number {
  const days = Math.round((Date.parse(date) - Date.parse('1970-01-05')) / MS_PER_DAY);
  const weeks = Math.floor(days / 7);
  const rest = days - weeks * 7; // 0 = Monday … 6 = Sunday
  return weeks * 5 + Math.min(rest + 1, 5);
}
