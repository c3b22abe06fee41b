import { Injectable } from '@nestjs/common';
import { Prisma } from '../../generated/prisma/client';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import { AccessPolicyService } from '../auth/access-policy.service';
import type { AuthUser } from '../auth/auth-user';
import { BUSINESS_ZONE, localDateOf, toDbDate } from '../../common/time/local-date';
import { AssessmentRules } from '../plan-policy/plan-policy';
import { policyOf } from '../plan-policy/resolve-policy';
import { AssessmentRowDto } from './dto/assessment.dto';
import { PeriodQuery } from './dto/stats.dto';
import { resolvePeriod } from './period';
import { CLOSED_ON_SQL } from './supervision-stats.service';
import { OPEN_SQL, visibleDepartmentSql } from './supervision-scope';

/** The score every department starts the period with. */
export const ASSESSMENT_BASE = 100;

interface CountRow {
  department_id: string;
  department_name: string;
  plan_id: string;
  lead_missed: number;
  support_missed: number;
  unanswered: number;
}

export interface DepartmentCounts {
  departmentId: string;
  departmentName: string;
  /** Per plan, since each plan's policy has its own rules. */
  byPlan: {
    rules: AssessmentRules;
    leadMissed: number;
    supportMissed: number;
    unanswered: number;
  }[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Scores and ranks departments (pure): 100 minus each plan's deductions; ties share a rank. */
export function rankDepartments(departments: DepartmentCounts[]): AssessmentRowDto[] {
  const rows = departments.map((d) => {
    const sum = (f: (p: DepartmentCounts['byPlan'][number]) => number) =>
      d.byPlan.reduce((s, p) => s + f(p), 0);
    const deductions = {
      leadMissedDeadline: round2(sum((p) => p.leadMissed * p.rules.leadMissedDeadline)),
      supportMissedDeadline: round2(sum((p) => p.supportMissed * p.rules.supportMissedDeadline)),
      unansweredNotice: round2(sum((p) => p.unanswered * p.rules.unansweredNotice)),
    };
    return {
      rank: 0,
      departmentId: d.departmentId,
      departmentName: d.departmentName,
      score: round2(
        ASSESSMENT_BASE -
          deductions.leadMissedDeadline -
          deductions.supportMissedDeadline -
          deductions.unansweredNotice,
      ),
      leadMissed: sum((p) => p.leadMissed),
      supportMissed: sum((p) => p.supportMissed),
      unansweredNotices: sum((p) => p.unanswered),
      deductions,
    };
  });
  rows.sort(
    (a, b) => b.score - a.score || a.departmentName.localeCompare(b.departmentName, 'zh-CN'),
  );
  rows.forEach((r, i) => {
    r.rank = i > 0 && rows[i - 1]!.score === r.score ? rows[i - 1]!.rank : i + 1;
  });
  return rows;
}

/**
 * The departments' assessment (考核) for a period: missed deadlines (a deadline in the period that
 * passed with the task open, or that the task was closed after), lead and supporting, and notices
 * of the overdue ladder left unanswered, each weighed by its plan's `assessment` rules.
 */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly access: AccessPolicyService,
  ) {}

  async assess(user: AuthUser, q: PeriodQuery): Promise<AssessmentRowDto[]> {
    const scope = await this.access.readableDepartmentIds(user);
    const todayLocal = localDateOf(this.clock.now());
    const { from, to } = resolvePeriod(q.from, q.to, todayLocal);
    const today = toDbDate(todayLocal);
    const plan = q.planId ? Prisma.sql`AND t.plan_id = ${q.planId}::uuid` : Prisma.empty;
    const rows = await this.prisma.$queryRaw<CountRow[]>`
      WITH assigned AS (
        SELECT DISTINCT a.department_id, t.plan_id
        FROM assignment a JOIN task t ON t.id = a.task_id
        WHERE a.removed_at IS NULL AND t.status <> 'WITHDRAWN' ${plan}
          ${visibleDepartmentSql(scope, 'a.department_id')}
      ), missed AS (
        SELECT a.department_id, t.plan_id,
               (count(*) FILTER (WHERE a.role = 'LEAD'))::int AS lead_missed,
               (count(*) FILTER (WHERE a.role = 'SUPPORT'))::int AS support_missed
        FROM assignment a JOIN task t ON t.id = a.task_id
        WHERE a.removed_at IS NULL ${plan}
          AND t.due_on >= ${toDbDate(from)}::date AND t.due_on <= ${toDbDate(to)}::date
          AND t.due_on < ${today}::date
          AND ((t.status IN ${OPEN_SQL}) OR (t.status = 'CLOSED' AND ${CLOSED_ON_SQL} > t.due_on))
        GROUP BY 1, 2
      ), unanswered AS (
        SELECT a.department_id, t.plan_id, count(*)::int AS unanswered
        FROM escalation e
        JOIN task t ON t.id = e.task_id
        JOIN assignment a ON a.task_id = t.id AND a.role = 'LEAD' AND a.removed_at IS NULL
        WHERE e.level IN ('URGING', 'SUPERVISION', 'RED_CARD') AND NOT e.superseded ${plan}
          AND (e.triggered_at AT TIME ZONE ${BUSINESS_ZONE})::date >= ${toDbDate(from)}::date
          AND (e.triggered_at AT TIME ZONE ${BUSINESS_ZONE})::date <= ${toDbDate(to)}::date
          AND NOT EXISTS (SELECT 1 FROM progress_report r WHERE r.task_id = t.id
                            AND r.department_id = a.department_id AND r.created_at > e.triggered_at)
          AND NOT EXISTS (SELECT 1 FROM task_request q WHERE q.task_id = t.id
                            AND q.department_id = a.department_id AND q.requested_at > e.triggered_at)
        GROUP BY 1, 2
      )
      SELECT s.department_id, d.name AS department_name, s.plan_id,
             coalesce(m.lead_missed, 0) AS lead_missed, coalesce(m.support_missed, 0) AS support_missed,
             coalesce(u.unanswered, 0) AS unanswered
      FROM assigned s
      JOIN department d ON d.id = s.department_id
      LEFT JOIN missed m ON m.department_id = s.department_id AND m.plan_id = s.plan_id
      LEFT JOIN unanswered u ON u.department_id = s.department_id AND u.plan_id = s.plan_id`;
    const plans = await this.prisma.plan.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.plan_id))] } },
      select: { id: true, policy: true },
    });
    const rules = new Map(plans.map((p) => [p.id, policyOf(p.policy).assessment]));
    const departments = new Map<string, DepartmentCounts>();
    for (const r of rows) {
      let d = departments.get(r.department_id);
      if (!d) {
        d = { departmentId: r.department_id, departmentName: r.department_name, byPlan: [] };
        departments.set(r.department_id, d);
      }
      d.byPlan.push({
        rules: rules.get(r.plan_id)!,
        leadMissed: r.lead_missed,
        supportMissed: r.support_missed,
        unanswered: r.unanswered,
      });
    }
    return rankDepartments([...departments.values()]);
  }
}
