/**
 * A plan's policy: the one home of its type and defaults (DESIGN.md). Stored as JSON on the plan;
 * anything left out takes the default, so `{}` is a complete policy. Validation and resolution are in
 * resolve-policy.ts; each rule takes the slice it needs (`ReminderRules`, `EscalationRules`, ...).
 */
export interface PlanPolicy {
  /** Working days before a deadline at which the assigned liaisons are reminded (T−5, T−1). */
  deadlineReminders: number[];
  /** Local hour (Asia/Shanghai) at which reminders go out. */
  sendHour: number;
  /** Nothing but urgent messages is sent between start and end (local HH:MM; may wrap midnight). */
  quietHours: { start: string; end: string };
  /** Working days overdue for each step of the ladder. */
  escalation: { urgingAfter: number; supervisionAfter: number; redCardAfter: number };
  /**
   * Yellow warnings for tasks not yet due (or ongoing): reported progress `gapPercent` points or more
   * below expected progress (序时进度: the share of working days elapsed), or no report for
   * `noReportWorkingDays` working days.
   */
  lagging: { gapPercent: number; noReportWorkingDays: number };
  /**
   * Periodic progress reports of the lead departments: due on `dueDay` of every month (or of the
   * last month of every quarter; 31 = the month's last day), or of every week (`weekly`: dueDay is
   * the ISO weekday, 1 = Monday … 7 = Sunday), reminded `remindBefore` working days before, urged
   * `urgeAfter` working days after a missed one. `firstWithin` > 0: the first report is due that
   * many working days after the assignment (批示件: 5), then the cadence runs.
   */
  reporting: {
    cadence: ReportingCadence;
    dueDay: number;
    remindBefore: number;
    urgeAfter: number;
    firstWithin: number;
  };
  /**
   * Assessment (考核) deductions from a department's score of 100: per missed deadline of a task it
   * leads or supports, and per supervision notice (urging, supervision, red card) it left unanswered.
   */
  assessment: AssessmentRules;
  /** Working days after assignment within which a department may contest it (职责异议). */
  disputeWindowWorkingDays: number;
  /**
   * 签收: working days after the work arrived (not after its notice) within which a department acknowledges or
   * returns (退回) new work; its liaisons are reminded on the last day, and the head is urged
   * `urgeAfter` working days after it passed.
   */
  acknowledgement: { workingDays: number; urgeAfter: number };
  /**
   * The closure review chain (审核): the department head first when `head`, then the supervision
   * office (always), then the leader who gave the instruction when `leader` (批示件 only).
   */
  review: { head: boolean; leader: boolean };
}

export interface AssessmentRules {
  leadMissedDeadline: number;
  supportMissedDeadline: number;
  unansweredNotice: number;
}

export type ReportingCadence = 'none' | 'weekly' | 'monthly' | 'quarterly';

export const REPORTING_CADENCES: readonly ReportingCadence[] = [
  'none',
  'weekly',
  'monthly',
  'quarterly',
];

export const DEFAULT_PLAN_POLICY: PlanPolicy = {
  deadlineReminders: [5, 1],
  sendHour: 9,
  quietHours: { start: '22:00', end: '08:00' },
  escalation: { urgingAfter: 1, supervisionAfter: 5, redCardAfter: 10 },
  lagging: { gapPercent: 30, noReportWorkingDays: 20 },
  reporting: { cadence: 'monthly', dueDay: 25, remindBefore: 3, urgeAfter: 1, firstWithin: 0 },
  assessment: { leadMissedDeadline: 5, supportMissedDeadline: 2.5, unansweredNotice: 1 },
  disputeWindowWorkingDays: 5,
  acknowledgement: { workingDays: 3, urgeAfter: 1 },
  review: { head: false, leader: false },
};

/** The slice acknowledgement (签收) reads. */
export type AcknowledgementRules = PlanPolicy['acknowledgement'];
/** The slice the closure review chain reads. */
export type ReviewRules = PlanPolicy['review'];

/** The slice the reminder schedule reads. */
export type ReminderRules = Pick<PlanPolicy, 'deadlineReminders' | 'sendHour'>;
/** The slice the overdue ladder reads. */
export type EscalationRules = PlanPolicy['escalation'];
/** The slice the lagging warnings read. */
export type LaggingRules = PlanPolicy['lagging'];
/** The slice quiet hours read. */
export type QuietHoursRules = Pick<PlanPolicy, 'quietHours'>;

/**
 * The due date an ongoing task (no deadline) is keyed on wherever a warning is unique per deadline
 * (lagging warnings, their supervision views): the far end of the date range, never reached.
 */
export const ONGOING_DUE_ON = '9999-12-31';
