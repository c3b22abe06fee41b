import type { FieldProblem } from '../errors/validation';
import { addCalendarDays, isLocalDate, LocalDate } from './local-date';

/** A period of Shanghai calendar days, both ends included. */
export interface Period {
  from: LocalDate;
  to: LocalDate;
}

/**
 * What is wrong with a period asked for as `from`/`to` (YYYY-MM-DD, `to` not before `from`, at most
 * `maxDays` days, both ends included; `tooLong` says so in the caller's words), or null when it
 * is a period. Dashboards, bulletins and the audit export check their periods with it.
 */
export function periodProblem(
  from: string,
  to: string,
  maxDays: number,
  tooLong: string,
): FieldProblem | null {
  if (!isLocalDate(from)) {
    return { field: 'from', reason: '必须是日期,格式为 YYYY-MM-DD', constraint: 'isDate' };
  }
  if (!isLocalDate(to)) {
    return { field: 'to', reason: '必须是日期,格式为 YYYY-MM-DD', constraint: 'isDate' };
  }
  if (to < from) return { field: 'to', reason: '不能早于起始日期', constraint: 'afterFrom' };
  if (addCalendarDays(from, maxDays - 1) < to) {
    return { field: 'to', reason: tooLong, constraint: 'maxPeriod' };
  }
  return null;
}
