import { addCalendarDays, LocalDate, weekdayOf } from '../../common/time/local-date';
import { PlanPolicy } from './plan-policy';

/** The report due date of the period containing `month` (YYYY-MM), clamped to the month's end. */
function dueDateIn(year: number, month: number, dueDay: number): LocalDate {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(dueDay, last)).padStart(2, '0')}`;
}

/**
 * Report due dates around `today`: the latest one before it (the period's start is the day after)
 * and the next one on or after it. Null when the plan has no reporting cadence.
 */
export function reportingPeriod(
  today: LocalDate,
  reporting: PlanPolicy['reporting'],
): { previousDueOn: LocalDate; dueOn: LocalDate; periodStart: LocalDate } | null {
  if (reporting.cadence === 'none') return null;
  if (reporting.cadence === 'weekly') {
    // The next day on or after today that falls on the weekday `dueDay`; the period is the week before.
    const dueOn = addCalendarDays(today, (reporting.dueDay - weekdayOf(today) + 7) % 7);
    const previousDueOn = addCalendarDays(dueOn, -7);
    return { previousDueOn, dueOn, periodStart: addCalendarDays(previousDueOn, 1) };
  }
  const step = reporting.cadence === 'monthly' ? 1 : 3;
  let year = Number(today.slice(0, 4));
  // Months in which a report falls due: every month, or Mar/Jun/Sep/Dec.
  let month = Number(today.slice(5, 7));
  if (step === 3) month = Math.ceil(month / 3) * 3;
  let dueOn = dueDateIn(year, month, reporting.dueDay);
  if (dueOn < today) {
    month += step;
    if (month > 12) {
      month -= 12;
      year += 1;
    }
    dueOn = dueDateIn(year, month, reporting.dueDay);
  }
  let pm = month - step;
  let py = year;
  if (pm < 1) {
    pm += 12;
    py -= 1;
  }
  const previousDueOn = dueDateIn(py, pm, reporting.dueDay);
  return { previousDueOn, dueOn, periodStart: addCalendarDays(previousDueOn, 1) };
}
