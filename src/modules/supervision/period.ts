import { LocalDate } from '../../common/time/local-date';
import { Period, periodProblem } from '../../common/time/period';
import { invalidPeriod } from './supervision.errors';

export type { Period } from '../../common/time/period';

/** The longest period a dashboard, assessment or bulletin covers (five years). */
export const MAX_PERIOD_DAYS = 5 * 366;

/** Checks `from`/`to` (YYYY-MM-DD); without them, the year so far (1 January to today). */
export function resolvePeriod(
  from: string | undefined,
  to: string | undefined,
  today: LocalDate,
): Period {
  const p = { from: from ?? `${today.slice(0, 4)}-01-01`, to: to ?? today };
  const problem = periodProblem(p.from, p.to, MAX_PERIOD_DAYS, '时间段不能超过五年');
  if (problem) throw invalidPeriod(problem);
  return p;
}

/** YYYY-MM-DD → 2026年11月1日. */
export function chineseDate(date: LocalDate): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
