import { inQuietHours } from './quiet-hours';
import { instantAt } from '../../common/time/local-date';
import { DEFAULT_PLAN_POLICY, PlanPolicy, REPORTING_CADENCES } from './plan-policy';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The latest step of the overdue ladder, in working days (about a year): the sweep walks the
 * calendar back this far, so an unbounded value (1e15 passed `Number.isInteger`) would never end.
 */
export const MAX_ESCALATION_WORKING_DAYS = 250;

export interface PolicyProblem {
  field: string;
  reason: string;
}

/** A setting left out takes its default; `null` is a value, and refused like any other wrong one. */
const orDefault = <T>(value: T | undefined, fallback: T): T =>
  value === undefined ? fallback : value;

const isSection = (v: unknown): v is object =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Validates a submitted policy; returns the complete policy and the problems found. */
export function resolvePolicy(raw: unknown): { policy: PlanPolicy; problems: PolicyProblem[] } {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Partial<PlanPolicy>;
  const problems: PolicyProblem[] = [];
  // A section given as anything but an object (a string, an array, null) is refused, not spread.
  const sections = [
    'quietHours',
    'escalation',
    'reporting',
    'lagging',
    'assessment',
    'acknowledgement',
    'review',
  ] as const;
  for (const key of sections) {
    const value: unknown = input[key];
    if (
      value !== undefined &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    ) {
      problems.push({ field: key, reason: '应为一组设置(对象)' });
    }
  }
  // Unknown settings are refused, not stored: a typo would otherwise be kept silently (and the
  // fuzz suite stored 20,000 unknown keys, 1.9 MB, as a plan's policy). Recorded, not returned
  // early: a stored policy read by policyOf keeps its known settings.
  const unknown: PolicyProblem[] = [];
  for (const [key, value] of Object.entries(input)) {
    const known: unknown = DEFAULT_PLAN_POLICY[key as keyof PlanPolicy];
    if (!(key in DEFAULT_PLAN_POLICY)) {
      unknown.push({ field: key, reason: '不是可配置的规则' });
    } else if (key !== 'assessment' && isSection(known) && isSection(value)) {
      for (const inner of Object.keys(value)) {
        if (!(inner in known)) {
          unknown.push({ field: `${key}.${inner}`, reason: '不是可配置的规则' });
        }
      }
    }
  }
  if (problems.length > 0) return { policy: { ...DEFAULT_PLAN_POLICY }, problems };
  const policy: PlanPolicy = {
    deadlineReminders: orDefault(input.deadlineReminders, DEFAULT_PLAN_POLICY.deadlineReminders),
    sendHour: orDefault(input.sendHour, DEFAULT_PLAN_POLICY.sendHour),
    quietHours: { ...DEFAULT_PLAN_POLICY.quietHours, ...(input.quietHours ?? {}) },
    escalation: { ...DEFAULT_PLAN_POLICY.escalation, ...(input.escalation ?? {}) },
    reporting: { ...DEFAULT_PLAN_POLICY.reporting, ...(input.reporting ?? {}) },
    lagging: { ...DEFAULT_PLAN_POLICY.lagging, ...(input.lagging ?? {}) },
    assessment: { ...DEFAULT_PLAN_POLICY.assessment, ...(input.assessment ?? {}) },
    disputeWindowWorkingDays: orDefault(
      input.disputeWindowWorkingDays,
      DEFAULT_PLAN_POLICY.disputeWindowWorkingDays,
    ),
    acknowledgement: { ...DEFAULT_PLAN_POLICY.acknowledgement, ...(input.acknowledgement ?? {}) },
    review: { ...DEFAULT_PLAN_POLICY.review, ...(input.review ?? {}) },
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
    redCardAfter <= supervisionAfter ||
    redCardAfter > MAX_ESCALATION_WORKING_DAYS
  ) {
    problems.push({
      field: 'escalation',
      reason: `催办应在逾期至少 1 个工作日后,督办应晚于催办,红牌应晚于督办,且不超过 ${MAX_ESCALATION_WORKING_DAYS} 个工作日`,
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
  if (!REPORTING_CADENCES.includes(r.cadence)) {
    problems.push({
      field: 'reporting.cadence',
      reason: '应为 none、weekly、monthly 或 quarterly',
    });
  }
  if (r.cadence === 'weekly') {
    if (!Number.isInteger(r.dueDay) || r.dueDay < 1 || r.dueDay > 7) {
      problems.push({ field: 'reporting.dueDay', reason: '每周报送时应为 1 到 7(星期一到星期日)' });
    }
  } else if (!Number.isInteger(r.dueDay) || r.dueDay < 1 || r.dueDay > 31) {
    problems.push({ field: 'reporting.dueDay', reason: '应为 1 到 31 之间的日期(31 表示月末)' });
  }
  if (!Number.isInteger(r.firstWithin) || r.firstWithin < 0 || r.firstWithin > 60) {
    problems.push({
      field: 'reporting.firstWithin',
      reason: '应为 0 到 60 之间的整数(工作日,0 表示不单独要求首次报告)',
    });
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
  const window = policy.disputeWindowWorkingDays;
  if (!Number.isInteger(window) || window < 0 || window > 60) {
    problems.push({
      field: 'disputeWindowWorkingDays',
      reason: '应为 0 到 60 之间的整数(工作日)',
    });
  }
  const ack = policy.acknowledgement;
  if (!Number.isInteger(ack.workingDays) || ack.workingDays < 1 || ack.workingDays > 30) {
    problems.push({
      field: 'acknowledgement.workingDays',
      reason: '应为 1 到 30 之间的整数(工作日)',
    });
  }
  if (!Number.isInteger(ack.urgeAfter) || ack.urgeAfter < 1 || ack.urgeAfter > 30) {
    problems.push({
      field: 'acknowledgement.urgeAfter',
      reason: '应为 1 到 30 之间的整数(工作日)',
    });
  }
  for (const key of ['head', 'leader'] as const) {
    if (typeof policy.review[key] !== 'boolean') {
      problems.push({ field: `review.${key}`, reason: '应为 true 或 false' });
    }
  }
  if (Array.isArray(offsets))
    policy.deadlineReminders = [...new Set(offsets)].sort((a, b) => b - a);
  return { policy, problems: [...unknown, ...problems] };
}

/**
 * The policy a stored plan runs on (stored policies were validated when written): the JSON with
 * every default filled in.
 */
export function policyOf(stored: unknown): PlanPolicy {
  return resolvePolicy(stored).policy;
}
