import type { CalendarDayKind } from '../../generated/prisma/enums';
import type { FieldProblem } from '../../common/errors/validation';
import { isLocalDate, weekdayOf } from '../../common/time/local-date';

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;

const WEEKDAY_NAMES = ['', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六', '星期日'];

/** Parses a `:year` path parameter; null when it is not a plausible calendar year. */
export function parseYear(raw: string): number | null {
  if (!/^\d{4}$/.test(raw)) return null;
  const year = Number(raw);
  return year >= MIN_YEAR && year <= MAX_YEAR ? year : null;
}

/**
 * What is wrong with a year's exceptions, field by field, in words an administrator can act on:
 * every date is a real date inside `year`, listed once, and a make-up working day falls on a weekend
 * (a holiday may fall on any day: the notice lists weekend days of a break too).
 */
export function calendarYearProblems(
  year: number,
  days: readonly { date: string; kind: CalendarDayKind }[],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const firstIndex = new Map<string, number>();
  days.forEach((day, i) => {
    const field = `days.${i}.date`;
    if (!isLocalDate(day.date)) {
      problems.push({ field, reason: `“${day.date}”不是有效的日期`, constraint: 'isDate' });
      return;
    }
    if (Number(day.date.slice(0, 4)) !== year) {
      problems.push({ field, reason: `${day.date} 不在 ${year} 年内`, constraint: 'inYear' });
    }
    const earlier = firstIndex.get(day.date);
    if (earlier !== undefined) {
      problems.push({
        field,
        reason: `${day.date} 与 days.${earlier} 重复,每个日期只能出现一次`,
        constraint: 'unique',
      });
    } else {
      firstIndex.set(day.date, i);
    }
    const weekday = weekdayOf(day.date);
    if (day.kind === 'MAKEUP_WORKDAY' && weekday <= 5) {
      problems.push({
        field: `days.${i}.kind`,
        reason: `${day.date} 是${WEEKDAY_NAMES[weekday]},本来就是工作日;调休上班日只能是星期六或星期日`,
        constraint: 'makeupOnWeekend',
      });
    }
  });
  return problems;
}
