import type { ReminderKind, TaskStatus } from '../../generated/prisma/enums';
import { DEFAULT_PLAN_POLICY, PlanPolicy, ReminderRules } from '../plan-policy/plan-policy';
import { WorkingDayCalendar } from '../calendar/working-day-calendar';
import {
  BUSINESS_ZONE,
  endOfLocalDay,
  instantAt,
  LocalDate,
  localDateOf,
} from '../../common/time/local-date';
import { OPEN_STATUSES } from '../tasks/task-deadline';

export type PlannedStatus = 'PENDING' | 'SKIPPED';

export interface PlannedReminder {
  offsetWorkingDays: number;
  fireAt: Date;
  status: PlannedStatus;
  skippedReason?: string;
}

/** Why a reminder was not sent or was stopped: the `skipped_reason` the history shows. */
export const SKIP_DEADLINE_PASSED = '截止日期已过,提醒不再发送';
export const SKIP_SUPERSEDED = '已被更近的提醒取代';
export const SKIP_REPORTED = '本期进展已报送';
export const CANCEL_NOT_SUPERVISED = '任务已办结、暂停、撤销,或不再由本单位承担';
export const CANCEL_SUB_DEADLINE_MOVED = '报送时限已调整';
export const SKIP_ACKNOWLEDGED = '已签收、已退回或签收时限已调整,签收提醒不再发送';

/** A deadline is due at the end of its Shanghai day: past that, a deadline reminder has lost its purpose. */
export function deadlinePassed(dueOn: LocalDate, now: Date): boolean {
  return now.getTime() >= endOfLocalDay(dueOn).getTime();
}

/**
 * The reminders of one assignment for one deadline, as of `now`.
 * No backlog storms: reminders whose moment has passed are not all sent late. While the deadline
 * is still ahead, only the latest passed one is kept (sent at once); once the deadline has passed,
 * none is: their purpose is gone. Skipped ones are kept as rows so the history shows them.
 */
export function planReminders(
  dueOn: LocalDate,
  now: Date,
  calendar: WorkingDayCalendar,
  rules: ReminderRules = DEFAULT_PLAN_POLICY,
): PlannedReminder[] {
  const passedDeadline = deadlinePassed(dueOn, now);
  const offsets = [...new Set(rules.deadlineReminders)].sort((a, b) => b - a);
  const planned = offsets.map((offset) => ({
    offsetWorkingDays: offset,
    fireAt: instantAt(calendar.addWorkingDays(dueOn, -offset), rules.sendHour),
  }));
  const passed = planned.filter((r) => r.fireAt.getTime() <= now.getTime());
  const latestPassed = passed.at(-1);
  return planned.map((r): PlannedReminder => {
    if (r.fireAt.getTime() > now.getTime()) return { ...r, status: 'PENDING' };
    if (passedDeadline) return { ...r, status: 'SKIPPED', skippedReason: SKIP_DEADLINE_PASSED };
    if (r === latestPassed) return { ...r, status: 'PENDING' };
    return { ...r, status: 'SKIPPED', skippedReason: SKIP_SUPERSEDED };
  });
}

export type ReportReminderKind = Extract<ReminderKind, 'REPORT_DUE' | 'REPORT_MISSED'>;

/** One of the two reminders of a report due on a date. */
export interface PlannedReportReminder {
  kind: ReportReminderKind;
  /** Working days before the due date (negative: after it). */
  offsetWorkingDays: number;
  fireAt: Date;
}

/**
 * The reminders of a report due on `dueOn` (a period's report, or a supporting department's
 * sub-deadline): one `remindBefore` working days before it, one urging `urgeAfter` working days
 * after it, at the plan's sending hour. The wave skips them once a report arrives in the period.
 */
export function planReportSteps(
  dueOn: LocalDate,
  calendar: WorkingDayCalendar,
  rules: Pick<PlanPolicy, 'reporting' | 'sendHour'>,
): PlannedReportReminder[] {
  const { remindBefore, urgeAfter } = rules.reporting;
  const at = (offset: number) => instantAt(calendar.addWorkingDays(dueOn, -offset), rules.sendHour);
  return [
    { kind: 'REPORT_DUE', offsetWorkingDays: remindBefore, fireAt: at(remindBefore) },
    { kind: 'REPORT_MISSED', offsetWorkingDays: -urgeAfter, fireAt: at(-urgeAfter) },
  ];
}

export type WaveOutcome = 'SENT' | 'SKIPPED' | 'CANCELLED';

/**
 * What a wave does with a due reminder, and why: cancelled (`reasons.cancelled`) once the task is no
 * longer supervised (its status is not one of `openStatuses`) or the department no longer assigned; a
 * deadline reminder skipped (`reasons.deadlinePassed`) once its deadline has passed, i.e. its due date
 * is before `today` (a deadline is due at the end of its Shanghai day, as `deadlinePassed` says); a
 * report reminder skipped (`reasons.reported`) when a report was made since its period's first
 * Shanghai midnight (`zone`); otherwise sent. The wave's one statement applies these values set-based
 * (`settleDueReminders` in reminder-wave.sql.ts): the rule is decided there, from the values here.
 */
export interface WaveRules {
  openStatuses: readonly TaskStatus[];
  today: LocalDate;
  zone: string;
  reasons: {
    cancelled: string;
    deadlinePassed: string;
    reported: string;
    acknowledged: string;
    superseded: string;
  };
  /**
   * 签收 reminders: skipped (`reasons.acknowledged`) once the assignment is no longer pending or its
   * deadline is not the one they were planned for, or superseded (`reasons.superseded`) when a later
   * one of the same deadline is due in the same wave (no backlog: only the latest is sent);
   * `headUrged` ones also go to the department head.
   */
  ackKinds: readonly ReminderKind[];
  headUrged: readonly ReminderKind[];
}

export function waveRules(now: Date): WaveRules {
  return {
    openStatuses: OPEN_STATUSES,
    today: localDateOf(now),
    zone: BUSINESS_ZONE,
    reasons: {
      cancelled: CANCEL_NOT_SUPERVISED,
      deadlinePassed: SKIP_DEADLINE_PASSED,
      reported: SKIP_REPORTED,
      acknowledged: SKIP_ACKNOWLEDGED,
      superseded: SKIP_SUPERSEDED,
    },
    ackKinds: ['ACK_DUE', 'ACK_OVERDUE'],
    headUrged: ['ACK_OVERDUE'],
  };
}

/**
 * A reminder's deterministic id (shared by its row and its BullMQ job, no colons) split around the
 * assignment id: `prefix + assignmentId + suffix`. A statement that finds the assignments itself
 * joins the pieces in SQL, so the id is still the one these functions give.
 */
export interface JobIdPieces {
  prefix: string;
  suffix: string;
}

const DEADLINE_JOB_PREFIX = 'reminder-';
const REPORT_JOB_PREFIX = 'report-';
/**
 * A lead's first report (`reporting.firstWithin`), planned on arrival (acknowledgement module): the
 * cadence's periods due on or before it are not planned for that assignment.
 */
export const FIRST_REPORT_JOB_PREFIX = 'first-';
/** Sub-deadline reminders are told apart from the rest of an assignment's by this prefix. */
export const SUB_DEADLINE_JOB_PREFIX = 'sub-';

export function deadlineJobIdPieces(offsetWorkingDays: number, dueOn: LocalDate): JobIdPieces {
  return { prefix: DEADLINE_JOB_PREFIX, suffix: `-t${offsetWorkingDays}-${dueOn}` };
}

/** Deterministic id shared by the reminder row and its BullMQ job. */
export function reminderJobId(
  assignmentId: string,
  offsetWorkingDays: number,
  dueOn: LocalDate,
): string {
  const { prefix, suffix } = deadlineJobIdPieces(offsetWorkingDays, dueOn);
  return `${prefix}${assignmentId}${suffix}`;
}

/** A periodic report's reminder (`REPORT_DUE`) or urging (`REPORT_MISSED`) for the period due on `dueOn`. */
export function reportJobIdPieces(kind: ReportReminderKind, dueOn: LocalDate): JobIdPieces {
  return { prefix: REPORT_JOB_PREFIX, suffix: `-${kind.toLowerCase()}-${dueOn}` };
}

/** A supporting department's sub-deadline reminder or urging. */
export function subDeadlineJobId(
  assignmentId: string,
  kind: ReportReminderKind,
  subDueOn: LocalDate,
): string {
  const step = kind === 'REPORT_DUE' ? 'due' : 'missed';
  return `${SUB_DEADLINE_JOB_PREFIX}${assignmentId}-${step}-${subDueOn}`;
}
