import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { LocalDate } from '../calendar/local-date';

/** Working days overdue at which each step of the ladder fires (DESIGN.md defaults). */
export interface EscalationPolicy {
  urgingAfter: number;
  supervisionAfter: number;
  redCardAfter: number;
}

export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  urgingAfter: 1,
  supervisionAfter: 5,
  redCardAfter: 10,
};

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
  policy: EscalationPolicy = DEFAULT_ESCALATION_POLICY,
): SweepCutoffs {
  return {
    today,
    urgingDueOnOrBefore: calendar.latestDueDateOverdueBy(today, policy.urgingAfter),
    supervisionDueOnOrBefore: calendar.latestDueDateOverdueBy(today, policy.supervisionAfter),
    redCardDueOnOrBefore: calendar.latestDueDateOverdueBy(today, policy.redCardAfter),
  };
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
