import { DomainException } from '../../common/errors/domain.exception';
import { ErrorCode } from '../../common/errors/error-codes';
import { addCalendarDays, isLocalDate, LocalDate } from '../../common/time/local-date';

/** A period of Shanghai calendar days, both ends included. */
export interface Period {
  from: LocalDate;
  to: LocalDate;
}

/** The longest period a dashboard, assessment or bulletin covers (five years). */
export const MAX_PERIOD_DAYS = 5 * 366;

function invalid(field: string, reason: string, constraint: string): DomainException {
  return new DomainException(ErrorCode.VALIDATION_FAILED, `提交的内容有误:“${field}”${reason}`, [
    { field, reason, constraint },
  ]);
}

/** Checks `from`/`to` (YYYY-MM-DD); without them, the year so far (1 January to today). */
export function resolvePeriod(
  from: string | undefined,
  to: string | undefined,
  today: LocalDate,
): Period {
  const p = { from: from ?? `${today.slice(0, 4)}-01-01`, to: to ?? today };
  if (!isLocalDate(p.from)) throw invalid('from', '必须是日期,格式为 YYYY-MM-DD', 'isDate');
  if (!isLocalDate(p.to)) throw invalid('to', '必须是日期,格式为 YYYY-MM-DD', 'isDate');
  if (p.to < p.from) throw invalid('to', '不能早于起始日期', 'afterFrom');
  if (addCalendarDays(p.from, MAX_PERIOD_DAYS - 1) < p.to) {
    throw invalid('to', '时间段不能超过五年', 'maxPeriod');
  }
  return p;
}

/** YYYY-MM-DD → 2026年11月1日. */
export function chineseDate(date: LocalDate): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}
