import { Injectable } from '@nestjs/common';
import { Clock } from '../../infra/clock/clock';
import { PrismaService } from '../../infra/prisma/prisma.service';
import type { Scope } from '../auth/scope';
import { localDateOf } from '../../common/time/local-date';
import { AssessmentRules } from '../plan-policy/plan-policy';
import { policyOf } from '../plan-policy/resolve-policy';
import { AssessmentRowDto } from './dto/assessment.dto';
import { PeriodQuery } from './dto/stats.dto';
import { resolvePeriod } from './period';
import { AssessmentCountRow, selectAssessmentCounts } from './assessment.sql';

/** The score every department starts the period with. */
export const ASSESSMENT_BASE = 100;

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
  ) {}

  async assess(scope: Scope, q: PeriodQuery): Promise<AssessmentRowDto[]> {
    const todayLocal = localDateOf(this.clock.now());
    const { from, to } = resolvePeriod(q.from, q.to, todayLocal);
    const rows = await this.prisma.$queryRaw<AssessmentCountRow[]>(
      selectAssessmentCounts(q, { from, to }, todayLocal, scope.departmentIds),
    );
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
