import { addCalendarDays, instantAt, LocalDate, localDateOf } from '../calendar/local-date';
import { DateTime } from 'luxon';
import { BUSINESS_ZONE } from '../calendar/local-date';

/**
 * A plan's reminder and escalation settings. Stored as JSON on the plan; anything left out takes
 * the DESIGN.md default, so `{}` is a complete policy.
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
   * last month of every quarter; 31 = the month's last day), reminded `remindBefore` working days
   * before, urged `urgeAfter` working days after a missed one.
   */
  reporting: { cadence: ReportingCadence; dueDay: number; remindBefore: number; urgeAfter: number };
  /**
   * Assessment (考核) deductions from a department's score of 100: per missed deadline of a task it
   * leads or supports, and per supervision notice (urging, supervision, red card) it left unanswered.
   */
  assessment: AssessmentRules;
}

export interface AssessmentRules {
  leadMissedDeadline: number;
  supportMissedDeadline: number;
  unansweredNotice: number;
}

export type ReportingCadence = 'none' | 'monthly' | 'quarterly';

export const DEFAULT_PLAN_POLICY: PlanPolicy = {
  deadlineReminders: [5, 1],
  sendHour: 9,
  quietHours: { start: '22:00', end: '08:00' },
  escalation: { urgingAfter: 1, supervisionAfter: 5, redCardAfter: 10 },
  lagging: { gapPercent: 30, noReportWorkingDays: 20 },
  reporting: { cadence: 'monthly', dueDay: 25, remindBefore: 3, urgeAfter: 1 },
  assessment: { leadMissedDeadline: 5, supportMissedDeadline: 2.5, unansweredNotice: 1 },
};

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export interface PolicyProblem {
  field: string;
  reason: string;
}

/** Validates a stored or submitted policy; returns the complete policy or the problems found. */
export function resolvePolicy(raw: unknown): { policy: PlanPolicy; problems: PolicyProblem[] } {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Partial<PlanPolicy>;
  const problems: PolicyProblem[] = [];
  const policy: PlanPolicy = {
    deadlineReminders: input.deadlineReminders ?? DEFAULT_PLAN_POLICY.deadlineReminders,
    sendHour: input.sendHour ?? DEFAULT_PLAN_POLICY.sendHour,
    quietHours: { ...DEFAULT_PLAN_POLICY.quietHours, ...(input.quietHours ?? {}) },
    escalation: { ...DEFAULT_PLAN_POLICY.escalation, ...(input.escalation ?? {}) },
    reporting: { ...DEFAULT_PLAN_POLICY.reporting, ...(input.reporting ?? {}) },
    lagging: { ...DEFAULT_PLAN_POLICY.lagging, ...(input.lagging ?? {}) },
    assessment: { ...DEFAULT_PLAN_POLICY.assessment, ...(input.assessment ?? {}) },
  };
  const offsets = policy.deadlineReminders;
  if (
    !Array.isArray(offsets) ||
    offsets.length > 10 ||
    offsets.some((n) => !Number.isInteger(n) || n < 0 || n > 60)
  ) {
    problems.push({
      field: 'deadlineReminders',
      reason: '应为 0 到 60 之间的整数(工作日),最多 10 个',
    });
  }
  if (!Number.isInteger(policy.sendHour) || policy.sendHour < 0 || policy.sendHour > 23) {
    problems.push({ field: 'sendHour', reason: '应为 0 到 23 之间的整点' });
  }
  for (const key of ['start', 'end'] as const) {
    if (!HHMM.test(policy.quietHours[key])) {
      problems.push({ field: `quietHours.${key}`, reason: '格式应为 HH:MM,例如 22:00' });
    }
  }
  if (problems.length === 0 && inQuietHours(instantAt('2026-01-05', policy.sendHour), policy)) {
    problems.push({ field: 'sendHour', reason: '发送时间不能落在免打扰时段内' });
  }
  const { urgingAfter, supervisionAfter, redCardAfter } = policy.escalation;
  if (
    ![urgingAfter, supervisionAfter, redCardAfter].every(Number.isInteger) ||
    urgingAfter < 1 ||
    supervisionAfter <= urgingAfter ||
    redCardAfter <= supervisionAfter
  ) {
    problems.push({
      field: 'escalation',
      reason: '催办应在逾期至少 1 个工作日后,督办应晚于催办,红牌应晚于督办',
    });
  }
  const { gapPercent, noReportWorkingDays } = policy.lagging;
  if (!Number.isInteger(gapPercent) || gapPercent < 1 || gapPercent > 100) {
    problems.push({ field: 'lagging.gapPercent', reason: '应为 1 到 100 之间的整数(百分点)' });
  }
  if (
    !Number.isInteger(noReportWorkingDays) ||
    noReportWorkingDays < 1 ||
    noReportWorkingDays > 250
  ) {
    problems.push({
      field: 'lagging.noReportWorkingDays',
      reason: '应为 1 到 250 之间的整数(工作日)',
    });
  }
  const r = policy.reporting;
  if (!['none', 'monthly', 'quarterly'].includes(r.cadence)) {
    problems.push({ field: 'reporting.cadence', reason: '应为 none、monthly 或 quarterly' });
  }
  if (!Number.isInteger(r.dueDay) || r.dueDay < 1 || r.dueDay > 31) {
    problems.push({ field: 'reporting.dueDay', reason: '应为 1 到 31 之间的日期(31 表示月末)' });
  }
  for (const key of ['remindBefore', 'urgeAfter'] as const) {
    if (!Number.isInteger(r[key]) || r[key] < 0 || r[key] > 20) {
      problems.push({ field: `reporting.${key}`, reason: '应为 0 到 20 之间的整数(工作日)' });
    }
  }
  for (const [key, value] of Object.entries(policy.assessment)) {
    if (!(key in DEFAULT_PLAN_POLICY.assessment)) {
      problems.push({ field: `assessment.${key}`, reason: '不是可配置的考核规则' });
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
      problems.push({ field: `assessment.${key}`, reason: '应为 0 到 100 之间的扣分值' });
    }
  }
  policy.deadlineReminders = [...new Set(offsets)].sort((a, b) => b - a);
  return { policy, problems };
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

function localMinutes(instant: Date): number {
  const t = DateTime.fromJSDate(instant, { zone: BUSINESS_ZONE });
  return t.hour * 60 + t.minute;
}

/** Whether `instant` falls in the policy's quiet hours (Asia/Shanghai). */
export function inQuietHours(instant: Date, policy: PlanPolicy): boolean {
  const start = minutesOf(policy.quietHours.start);
  const end = minutesOf(policy.quietHours.end);
  const now = localMinutes(instant);
  if (start === end) return false;
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The end of the quiet period `instant` is in (when a held message may go out), or null if not quiet. */
export function quietHoursEnd(instant: Date, policy: PlanPolicy): Date | null {
  if (!inQuietHours(instant, policy)) return null;
  const end = minutesOf(policy.quietHours.end);
  const today: LocalDate = localDateOf(instant);
  const endToday = instantAt(today, Math.floor(end / 60), end % 60);
  return endToday.getTime() > instant.getTime()
    ? endToday
    : instantAt(addCalendarDays(today, 1), Math.floor(end / 60), end % 60);
}

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
