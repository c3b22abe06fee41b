import { DEFAULT_PLAN_POLICY, EscalationRules } from '../plan-policy/plan-policy';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { LocalDate } from '../../common/time/local-date';

export interface SweepCutoffs {
  today: LocalDate;
  /** Tasks due on or before this date are overdue by at least `urgingAfter` working days. */
  urgingDueOnOrBefore: LocalDate;
  supervisionDueOnOrBefore: LocalDate;
  redCardDueOnOrBefore: LocalDate;
}

/**
 * Overdue-ness only grows as the due date moves back, so each step is a due-date cutoff and the
 * sweep is one indexed range query per step instead of a per-task computation.
 */
export function sweepCutoffs(
  today: LocalDate,
  calendar: WorkingDayCalendar,
  rules: EscalationRules = DEFAULT_PLAN_POLICY.escalation,
): SweepCutoffs {
  return {
    today,
    urgingDueOnOrBefore: calendar.latestDueDateOverdueBy(today, rules.urgingAfter),
    supervisionDueOnOrBefore: calendar.latestDueDateOverdueBy(today, rules.supervisionAfter),
    redCardDueOnOrBefore: calendar.latestDueDateOverdueBy(today, rules.redCardAfter),
  };
}

/** Working days the lead department has to answer a supervision notice in writing. */
export const SUPERVISION_ANSWER_WORKING_DAYS = 5;

/** The date by which the written answer to a supervision notice issued on `today` is due. */
export function supervisionAnswerBy(today: LocalDate, calendar: WorkingDayCalendar): LocalDate {
  return calendar.addWorkingDays(today, SUPERVISION_ANSWER_WORKING_DAYS);
}

/** 督〔2026〕12号 */
export function supervisionNoticeNo(year: number, seq: number): string {
  return `督〔${year}〕${seq}号`;
}

/**
 * Expected progress (序时进度) on `today` of a task assigned on `start` and due on `dueOn`: the share
 * of its working days elapsed, in whole percent (100 when no working day was allowed).
 */
export function expectedPercent(
  calendar: WorkingDayCalendar,
  start: LocalDate,
  dueOn: LocalDate,
  today: LocalDate,
): number {
  const allowed = calendar.workingDaysAfter(start, dueOn);
  const elapsed = calendar.workingDaysAfter(start, today);
  return allowed > 0 ? Math.min(100, Math.round((100 * elapsed) / allowed)) : 100;
}
