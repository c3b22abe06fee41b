import type { ReminderKind } from '../../generated/prisma/enums';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import { instantAt, LocalDate } from '../../common/time/local-date';
import type { PlanPolicy } from '../plan-policy/plan-policy';
import {
  FIRST_REPORT_JOB_PREFIX,
  planReportSteps,
  SKIP_SUPERSEDED,
} from '../reminders/reminder-policy';
import type { JobIdPieces, PlannedStatus } from '../reminders/reminder-policy';

/**
 * 签收 rules (pure): the acknowledgement deadline, its two reminders, and the first-report deadline
 * of a policy with `reporting.firstWithin`.
 *
 * The day work arrives is the later of the assignment's creation and its plan's publication (a
 * cascaded draft's assignments arrive when the locality publishes it), never after the planning
 * moment itself (the injected clock): a pass that catches up after a crash counts from the true
 * arrival, and the window never starts in the future.
 */

export type AckReminderKind = Extract<ReminderKind, 'ACK_DUE' | 'ACK_OVERDUE'>;
export type AckRules = Pick<PlanPolicy, 'acknowledgement' | 'reporting' | 'sendHour'>;

/** One reminder to plan for an assignment that arrived on a day, with its job id's pieces. */
export interface AckStep {
  kind: ReminderKind;
  offsetWorkingDays: number;
  /** The date the reminder is about: the acknowledgement deadline or the first report's due date. */
  dueOn: LocalDate;
  /** First-report reminders: a report since this day counts (the wave skips them). */
  periodStart: LocalDate | null;
  fireAt: Date;
  status: PlannedStatus;
  skippedReason?: string;
  /** Only for the lead department (first reports are the lead's). */
  leadOnly: boolean;
  jobId: JobIdPieces;
}

const ACK_JOB_PREFIX = 'ack-';

/** The last local day to acknowledge or return work that arrived on `arrivedOn`. */
export function ackDeadline(
  arrivedOn: LocalDate,
  rules: Pick<PlanPolicy, 'acknowledgement'>,
  calendar: WorkingDayCalendar,
): LocalDate {
  return calendar.addWorkingDays(arrivedOn, rules.acknowledgement.workingDays);
}

/**
 * The two reminders of an acknowledgement deadline: ACK_DUE on the morning of its last day (the
 * liaisons), ACK_OVERDUE `urgeAfter` working days after it (the head and the liaisons). No backlog:
 * when both moments have passed, only the urging is sent.
 */
export function planAckReminders(
  ackDueOn: LocalDate,
  now: Date,
  calendar: WorkingDayCalendar,
  rules: Pick<PlanPolicy, 'acknowledgement' | 'sendHour'>,
): AckStep[] {
  const { urgeAfter } = rules.acknowledgement;
  const dueAt = instantAt(ackDueOn, rules.sendHour);
  const urgeAt = instantAt(calendar.addWorkingDays(ackDueOn, urgeAfter), rules.sendHour);
  const superseded = urgeAt.getTime() <= now.getTime();
  const base = { dueOn: ackDueOn, periodStart: null, leadOnly: false };
  return [
    {
      ...base,
      kind: 'ACK_DUE',
      offsetWorkingDays: 0,
      fireAt: dueAt,
      status: superseded ? 'SKIPPED' : 'PENDING',
      ...(superseded ? { skippedReason: SKIP_SUPERSEDED } : {}),
      jobId: ackJobIdPieces('ACK_DUE', ackDueOn),
    },
    {
      ...base,
      kind: 'ACK_OVERDUE',
      offsetWorkingDays: -urgeAfter,
      fireAt: urgeAt,
      status: 'PENDING',
      jobId: ackJobIdPieces('ACK_OVERDUE', ackDueOn),
    },
  ];
}

/**
 * `reporting.firstWithin` > 0: the lead's first report is due that many working days after the
 * arrival, reminded and urged like a period's report (the wave skips both once a report arrives);
 * the cadence's periods due on or before it are not planned for that assignment
 * (insertReportReminders), so the cadence takes over after it.
 */
export function planFirstReport(
  arrivedOn: LocalDate,
  calendar: WorkingDayCalendar,
  rules: Pick<PlanPolicy, 'reporting' | 'sendHour'>,
): AckStep[] {
  if (rules.reporting.firstWithin <= 0) return [];
  const dueOn = calendar.addWorkingDays(arrivedOn, rules.reporting.firstWithin);
  return planReportSteps(dueOn, calendar, rules).map((s) => ({
    kind: s.kind,
    offsetWorkingDays: s.offsetWorkingDays,
    dueOn,
    periodStart: arrivedOn,
    fireAt: s.fireAt,
    status: 'PENDING',
    leadOnly: true,
    jobId: { prefix: FIRST_REPORT_JOB_PREFIX, suffix: `-${s.kind.toLowerCase()}-${dueOn}` },
  }));
}

/** The deadline and every reminder of work that arrived on `arrivedOn`, as of `now`. */
export function planArrival(
  arrivedOn: LocalDate,
  now: Date,
  calendar: WorkingDayCalendar,
  rules: AckRules,
): { ackDueOn: LocalDate; steps: AckStep[] } {
  const ackDueOn = ackDeadline(arrivedOn, rules, calendar);
  return {
    ackDueOn,
    steps: [
      ...planAckReminders(ackDueOn, now, calendar, rules),
      ...planFirstReport(arrivedOn, calendar, rules),
    ],
  };
}

/** `ack-<assignment>-due-<date>` / `ack-<assignment>-overdue-<date>` (no colons: BullMQ). */
export function ackJobIdPieces(kind: AckReminderKind, ackDueOn: LocalDate): JobIdPieces {
  const step = kind === 'ACK_DUE' ? 'due' : 'overdue';
  return { prefix: ACK_JOB_PREFIX, suffix: `-${step}-${ackDueOn}` };
}

/**
 * Whether a return is still allowed: within the same window as the acknowledgement (up to the end
 * of its deadline's day). After it, the department files an assignment dispute (职责异议) instead.
 */
export function withinAckWindow(ackDueOn: LocalDate | null, today: LocalDate): boolean {
  return ackDueOn === null || today <= ackDueOn;
}
